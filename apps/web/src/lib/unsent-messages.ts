import { z } from 'zod'
import type { KeyValueStorage } from './read-reviews'

/**
 * What a person wrote in a chat and the server has not confirmed yet, kept in localStorage so a
 * reload, a crash or a lost connection loses nothing (spec 6.2, Message input): the optimistic
 * messages under `placet:pending-messages:<channelId>` with their `clientId`, and the
 * composer's unsent text under `placet:composer-draft:<channelId>`. Not a wire shape: only this
 * browser reads it back.
 */
export const UnsentMessage = z.object({
  clientId: z.string().min(1).max(64),
  text: z.string(),
})
export type UnsentMessage = z.infer<typeof UnsentMessage>

export const pendingMessagesKey = (channelId: string) => `placet:pending-messages:${channelId}`
export const composerDraftKey = (channelId: string) => `placet:composer-draft:${channelId}`

/** A chat's stored pending messages, oldest first; garbage in storage reads as none. */
export function loadUnsentMessages(storage: KeyValueStorage, channelId: string): UnsentMessage[] {
  try {
    const parsed = z
      .array(UnsentMessage)
      .safeParse(JSON.parse(storage.getItem(pendingMessagesKey(channelId)) ?? '[]'))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** Replaces a chat's stored pending messages; none left removes the key. */
export function saveUnsentMessages(
  storage: KeyValueStorage & Pick<Storage, 'removeItem'>,
  channelId: string,
  messages: UnsentMessage[],
): void {
  writeOrRemove(
    storage,
    pendingMessagesKey(channelId),
    messages.length > 0 ? JSON.stringify(messages) : null,
  )
}

export function loadComposerDraft(storage: KeyValueStorage, channelId: string): string {
  try {
    return storage.getItem(composerDraftKey(channelId)) ?? ''
  } catch {
    return ''
  }
}

export function saveComposerDraft(
  storage: KeyValueStorage & Pick<Storage, 'removeItem'>,
  channelId: string,
  text: string,
): void {
  writeOrRemove(storage, composerDraftKey(channelId), text === '' ? null : text)
}

function writeOrRemove(
  storage: KeyValueStorage & Pick<Storage, 'removeItem'>,
  key: string,
  value: string | null,
): void {
  try {
    if (value === null) storage.removeItem(key)
    else storage.setItem(key, value)
  } catch {
    // Storage full or disabled (private mode): what was typed simply does not persist.
  }
}

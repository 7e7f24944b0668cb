import type { Message, MessagePage } from '@placet/protocol'
import type { InfiniteData } from '@tanstack/react-query'

/** A chat's loaded pages: newest page first, each page newest message first (spec 3.5). */
export type MessagePages = InfiniteData<MessagePage>

/** Puts a message in place by id, or adds it to the newest page when it is new. */
export function upsertMessage(pages: MessagePages | undefined, message: Message) {
  if (!pages) return pages
  const isKnown = pages.pages.some((page) => page.data.some(({ id }) => id === message.id))
  if (isKnown)
    return mapMessages(pages, (existing) => (existing.id === message.id ? message : existing))
  const [first, ...rest] = pages.pages
  if (!first) return pages
  const data = [message, ...first.data].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
  )
  return { ...pages, pages: [{ ...first, data }, ...rest] }
}

/** Changes every loaded message through `change` (return the same object to keep one). */
export function mapMessages(
  pages: MessagePages | undefined,
  change: (message: Message) => Message,
): MessagePages | undefined {
  if (!pages) return pages
  return {
    ...pages,
    pages: pages.pages.map((page) => ({ ...page, data: page.data.map(change) })),
  }
}

export function removeMessage(pages: MessagePages | undefined, id: string) {
  if (!pages) return pages
  return {
    ...pages,
    pages: pages.pages.map((page) => ({ ...page, data: page.data.filter((m) => m.id !== id) })),
  }
}

/** Every loaded message, oldest first, as the chat shows them. */
export function messagesOldestFirst(pages: MessagePages | undefined): Message[] {
  return (pages?.pages.flatMap((page) => page.data) ?? []).toReversed()
}

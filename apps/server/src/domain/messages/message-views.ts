import { redactReviewResponse, type Message } from '@placet/protocol'
import type { FileStorage } from './file-storage.ts'

/** Text files up to this size are inlined on agent API answers (spec 1.8, 10: the code's 64 KB). */
export const TEXT_CONTENT_MAX_BYTES = 64 * 1024

/**
 * Password answers of forms read as `***REDACTED***` (spec 1.6). Applied on every read path
 * except the agent's own single reads (GET /api/v1/messages/:id, GET /api/v1/reviews/:id, the
 * wait result): the agent asked for the password, and webhooks get it raw too.
 */
export function redactMessage(message: Message): Message {
  if (!message.review?.response) return message
  const review = redactReviewResponse(message.review)
  return review === message.review ? message : { ...message, review }
}

/** Adds `textContent` to small text attachments, as Placet does on agent API answers (spec 1.8). */
export async function withTextContent(storage: FileStorage, message: Message): Promise<Message> {
  const isInlined = (mimeType: string, size: number) =>
    mimeType.startsWith('text/') && size <= TEXT_CONTENT_MAX_BYTES
  if (!message.attachments.some((file) => isInlined(file.mimeType, file.size))) return message
  const attachments = await Promise.all(
    message.attachments.map(async (file) => {
      if (!isInlined(file.mimeType, file.size)) return file
      const textContent = await storage.readTextUpTo(file.storageKey, TEXT_CONTENT_MAX_BYTES)
      return textContent === null ? file : { ...file, textContent }
    }),
  )
  return { ...message, attachments }
}

export function withTextContentAll(storage: FileStorage, messages: Message[]): Promise<Message[]> {
  return Promise.all(messages.map((message) => withTextContent(storage, message)))
}

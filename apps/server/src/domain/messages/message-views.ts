import { redactReviewResponse, type Attachment, type Message } from '@placet/protocol'
import type { FileStorage } from '../files/file-storage.ts'
import { isInlinedText, readTextContent } from '../files/text-content.ts'

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
  if (!message.attachments.some(isInlinedText)) return message
  return { ...message, attachments: await withTextContentEach(storage, message.attachments) }
}

/** `textContent` on each small text file of a list (agent answers of `/api/v1/files`). */
export function withTextContentEach(
  storage: FileStorage,
  files: Attachment[],
): Promise<Attachment[]> {
  return Promise.all(
    files.map(async (file) => {
      if (!isInlinedText(file)) return file
      const textContent = await readTextContent(storage, file)
      return textContent === null ? file : { ...file, textContent }
    }),
  )
}

export function withTextContentAll(storage: FileStorage, messages: Message[]): Promise<Message[]> {
  return Promise.all(messages.map((message) => withTextContent(storage, message)))
}

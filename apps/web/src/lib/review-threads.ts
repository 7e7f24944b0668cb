import type { Message } from '@placet/protocol'

/**
 * One row of the inbox: the latest revision of a review (spec 1.7 iterations). An agent that
 * revises a review after feedback posts a new message in the same iteration group; the inbox
 * shows only the newest, tagged "Re-Review", and can diff it against the one before.
 */
export type ReviewThread = {
  message: Message
  /** True for the second and later revisions. */
  isReReview: boolean
}

/** The key revisions share: the group id, or the message's own id when it has none. */
export const threadKeyOf = (message: Message) => message.iterationGroupId ?? message.id

/**
 * Keeps the latest revision of each iteration group, in the order of the list given (the
 * server's newest-first or oldest-first order).
 */
export function groupReviewThreads(messages: readonly Message[]): ReviewThread[] {
  const latest = new Map<string, Message>()
  for (const message of messages) {
    const key = threadKeyOf(message)
    const kept = latest.get(key)
    if (!kept || (message.iteration ?? 1) > (kept.iteration ?? 1)) latest.set(key, message)
  }
  const seen = new Set<string>()
  const threads: ReviewThread[] = []
  for (const message of messages) {
    const key = threadKeyOf(message)
    if (seen.has(key)) continue
    seen.add(key)
    const newest = latest.get(key)!
    threads.push({ message: newest, isReReview: (newest.iteration ?? 1) > 1 })
  }
  return threads
}

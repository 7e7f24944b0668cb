import type { LoggedEvent, ServerEventPayload } from '@placet/protocol'
import type { EventBus } from '../events/event-bus.ts'

/** setTimeout's largest delay; anything longer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Why a wait ended: the review changed, its deadline came, or the caller (or server) went away. */
export type WakeReason = 'changed' | 'deadline' | 'aborted'

/** The message an event changes the review of, if it is one that ends a wait. */
function reviewMessageIdOf(event: LoggedEvent): string | undefined {
  switch (event.type) {
    case 'review:responded':
      return event.payload.id
    case 'review:expired':
    case 'review:cancelled':
    case 'message:deleted':
      return event.payload.messageId
    default:
      return undefined
  }
}

/**
 * A watch on one review, opened before its row is read: whatever happens in between is not
 * missed, because the watch already counts it.
 */
export class ReviewWatch {
  private hasChanged = false
  /** The event that ended the wait, when it was an answer: it carries the whole message. */
  answer: ServerEventPayload<'review:responded'> | undefined
  private wake: ((reason: WakeReason) => void) | undefined

  constructor(private readonly onClose: (watch: ReviewWatch) => void) {}

  private isReleased = false

  /** Called by {@link ReviewWaiters} when the review changed. */
  notify(event: LoggedEvent): void {
    if (event.type === 'review:responded') this.answer = event.payload
    this.hasChanged = true
    this.wake?.('changed')
  }

  /** Ends the wait without a change (the server is stopping). */
  release(): void {
    this.isReleased = true
    this.wake?.('aborted')
  }

  /** Resolves when the review changes (or already has), at `deadline` (epoch ms), or on abort. */
  until(deadline: number, signal?: AbortSignal): Promise<WakeReason> {
    if (this.hasChanged) return Promise.resolve('changed')
    if (signal?.aborted || this.isReleased) return Promise.resolve('aborted')
    return new Promise((resolve) => {
      const finish = (reason: WakeReason) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        this.wake = undefined
        resolve(reason)
      }
      const onAbort = () => finish('aborted')
      // A timer may fire a millisecond before Date.now() reaches its deadline; callers compare
      // the deadline with the clock, so it only counts once the clock has passed it.
      const arm = (): ReturnType<typeof setTimeout> =>
        setTimeout(
          () => (Date.now() < deadline ? (timer = arm()) : finish('deadline')),
          Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())),
        )
      let timer = arm()
      signal?.addEventListener('abort', onAbort, { once: true })
      this.wake = finish
    })
  }

  close(): void {
    this.wake?.('aborted')
    this.onClose(this)
  }
}

/**
 * Long-poll waiters of `GET /api/v1/reviews/:id/wait` (spec 2.2). Placet re-reads the row every
 * 2 s (spec 9.2.6); here the committed event itself wakes the waiter, through the one
 * EventBus subscription below (events of other processes arrive on the same bus).
 */
export class ReviewWaiters {
  private readonly watches = new Map<string, Set<ReviewWatch>>()
  private isReleased = false

  constructor(bus: EventBus) {
    bus.subscribe((event) => {
      const messageId = reviewMessageIdOf(event)
      if (messageId) for (const watch of this.watches.get(messageId) ?? []) watch.notify(event)
    })
  }

  /** Opens a watch on a review; always `close()` it (in a `finally`). */
  watch(messageId: string): ReviewWatch {
    const watch = new ReviewWatch((closed) => {
      const set = this.watches.get(messageId)
      set?.delete(closed)
      if (set?.size === 0) this.watches.delete(messageId)
    })
    if (this.isReleased) watch.release()
    const set = this.watches.get(messageId) ?? new Set()
    set.add(watch)
    this.watches.set(messageId, set)
    return watch
  }

  /**
   * Ends every wait, now and from now on, with `timeout`: a stopping server answers its
   * long-polls at once, and their clients poll again (on another server), instead of being cut
   * off when the connections are closed.
   */
  releaseAll(): void {
    this.isReleased = true
    for (const set of this.watches.values()) for (const watch of set) watch.release()
  }

  /** How many waits are open (for tests and metrics). */
  get size(): number {
    let count = 0
    for (const set of this.watches.values()) count += set.size
    return count
  }
}

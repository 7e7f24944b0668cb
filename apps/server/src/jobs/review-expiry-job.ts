import type { EventBus } from '../domain/events/event-bus.ts'
import type { ReviewService } from '../domain/reviews/reviews.ts'
import { DeadlineTimer } from './deadline-timer.ts'
import type { Job } from './job.ts'

/**
 * Expires each review at its deadline (spec 1.6; Placet scans every review each minute, 9.2.5):
 * a timer for the earliest pending deadline, read from the (status, expiresAt) index at start
 * and after each batch, and moved earlier when a review with a nearer deadline is created (its
 * `message:created` event, which also arrives from other servers). Two servers may both fire;
 * the guarded update lets only one of them expire a review.
 */
export class ReviewExpiryJob implements Job {
  readonly name = 'review-expiry'
  private unsubscribe: (() => void) | undefined
  private readonly timer: DeadlineTimer

  constructor(
    private readonly reviews: ReviewService,
    private readonly bus: EventBus,
  ) {
    this.timer = new DeadlineTimer(this.name, async () => {
      while (await this.reviews.expireOverdue()) {
        // a full batch: there may be more overdue reviews
      }
      return this.reviews.nextDeadline()
    })
  }

  async start(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((event) => {
      const review = event.type === 'message:created' ? event.payload.review : null
      if (review?.status === 'pending') this.timer.armAt(Date.parse(review.expiresAt))
    })
    await this.timer.run()
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    await this.timer.stop()
  }
}

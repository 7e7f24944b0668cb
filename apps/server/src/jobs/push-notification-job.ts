import type { EventBus } from '../domain/events/event-bus.ts'
import type { PushNotifier } from '../domain/notifications/push-notifications.ts'
import { logger } from '../logger.ts'
import type { Job } from './job.ts'

const log = logger.child({ module: 'push-notification-job' })

/**
 * Sends the Web Push notifications this process owes (spec 6.8) as their events are
 * published: after the commit, never inside a request. Push is best effort: a notification
 * that fails is logged, not retried (the inbox holds the review either way).
 */
export class PushNotificationJob implements Job {
  readonly name = 'push-notifications'
  private readonly inFlight = new Set<Promise<void>>()
  private unsubscribe: (() => void) | undefined

  constructor(
    private readonly bus: EventBus,
    private readonly notifier: PushNotifier,
  ) {}

  start(): void {
    this.unsubscribe = this.bus.subscribe((event) => {
      const notification = this.notifier.takeOwed(event)
      if (!notification) return
      const sending = this.notifier
        .notify(event.userId, notification)
        .catch((error: unknown) => log.error({ err: error, seq: event.seq }, 'push failed'))
        .finally(() => this.inFlight.delete(sending))
      this.inFlight.add(sending)
    })
  }

  /** Stops listening and lets the sends in flight finish (each is bounded by its timeout). */
  async stop(): Promise<void> {
    this.unsubscribe?.()
    await Promise.allSettled([...this.inFlight])
  }
}

import type { Config } from '../config.ts'
import { HEARTBEAT_INTERVAL_MS, type NodeRegistry } from '../domain/cluster/node-registry.ts'
import type { EventBus } from '../domain/events/event-bus.ts'
import type { WebhookDeliveryService } from '../domain/webhooks/webhook-deliveries.ts'
import type { WebhookDispatcher } from '../domain/webhooks/webhook-dispatcher.ts'
import type { WebhookOutbox } from '../domain/webhooks/webhook-outbox.ts'
import { logger } from '../logger.ts'
import type { Job } from './job.ts'

type ClaimedDelivery = Parameters<WebhookDispatcher['dispatch']>[0]

const log = logger.child({ module: 'webhook-delivery-job' })

/** Attempts in flight at once in one process; more wait in the outbox. */
const MAX_IN_FLIGHT = 16
/**
 * A lease outlives the attempt's timeout by this much (SSRF DNS check, recording), so no other
 * server takes a delivery over while its attempt may still be running.
 */
const LEASE_MARGIN_MS = 30_000
/**
 * Longest sleep without looking at the outbox. Wake-ups normally come from this process's own
 * enqueues and from the earliest due time; this only bounds how late this worker notices a
 * delivery another process queued and then could not send (it crashed before trying).
 */
const MAX_SLEEP_MS = 5 * 60_000

/**
 * The webhook worker (issue 5): claims due deliveries with a lease, hands each to the
 * dispatcher, and sleeps until the next one is due. It wakes at once when this process commits
 * an event that queued a delivery, and never polls the outbox on a short fixed interval. On
 * start it frees the leases of dead nodes (a crashed predecessor's attempt in flight is retried
 * now, not in ~40 s) and picks up whatever is pending, so a restart or a crash loses nothing.
 * With peers, it looks for leases of nodes that died meanwhile once per heartbeat (issue 14).
 */
export class WebhookDeliveryJob implements Job {
  readonly name = 'webhook-delivery'
  private readonly inFlight = new Map<string, Promise<void>>()
  private timer: NodeJS.Timeout | undefined
  private deadNodeWatch: NodeJS.Timeout | undefined
  private unsubscribe: (() => void) | undefined
  private stopRequeueWatch: (() => void) | undefined
  /** The claim cycle running now, if any; wake-ups during it ask for another round. */
  private cycle: Promise<void> | undefined
  private isPumpWanted = false
  private isStopped = true

  constructor(
    private readonly bus: EventBus,
    private readonly outbox: WebhookOutbox,
    private readonly dispatcher: WebhookDispatcher,
    private readonly deliveries: WebhookDeliveryService,
    private readonly settings: Config['webhooks'],
    private readonly nodes: NodeRegistry,
  ) {}

  async start(): Promise<void> {
    await this.releaseDeadLeases()
    if (!this.nodes.isAlone) {
      this.deadNodeWatch = setInterval(() => {
        void this.releaseDeadLeases().then((released) => released > 0 && this.wake())
      }, HEARTBEAT_INTERVAL_MS)
      this.deadNodeWatch.unref()
    }
    this.isStopped = false
    this.unsubscribe = this.bus.subscribe((event) => {
      if (this.outbox.takeQueued(event.seq)) this.wake()
    })
    this.stopRequeueWatch = this.deliveries.onRequeue(() => this.wake())
    this.wake()
  }

  /** Stops claiming and lets the attempts in flight finish (each is bounded by the timeout). */
  async stop(): Promise<void> {
    this.isStopped = true
    this.unsubscribe?.()
    this.stopRequeueWatch?.()
    clearTimeout(this.timer)
    clearInterval(this.deadNodeWatch)
    // The cycle may still launch what it claimed; those attempts are awaited too.
    await this.cycle
    await Promise.allSettled([...this.inFlight.values()])
  }

  /** Looks for due deliveries now (after an enqueue, a replay, or a finished attempt). */
  wake(): void {
    if (this.isStopped) return
    if (this.cycle) {
      this.isPumpWanted = true
      return
    }
    this.cycle = this.pump()
      .catch((error: unknown) => {
        log.error({ err: error }, 'webhook worker cycle failed')
        this.armTimer(new Date(Date.now() + 1_000))
      })
      .finally(() => {
        this.cycle = undefined
        // A wake-up that came after the cycle's last look must not be lost.
        if (this.isPumpWanted) this.wake()
      })
  }

  /** Claims as much as there is room for; only one cycle runs at a time, wake-ups coalesce. */
  private async pump(): Promise<void> {
    while (!this.isStopped) {
      this.isPumpWanted = false
      const room = MAX_IN_FLIGHT - this.inFlight.size
      // Full: every finishing attempt wakes the worker, so there is nothing to time.
      if (room <= 0) return
      const leaseUntil = new Date(Date.now() + this.settings.timeoutMs + LEASE_MARGIN_MS)
      const claimed = await this.dispatcher.claimDue(leaseUntil, room)
      for (const delivery of claimed) this.launch(delivery)
      if (claimed.length === room) continue
      const nextWakeAt = await this.dispatcher.nextDueAt()
      // A wake-up that came in meanwhile may be about a row this read did not see yet.
      if (this.isPumpWanted) continue
      this.armTimer(nextWakeAt)
      return
    }
  }

  private launch(delivery: ClaimedDelivery): void {
    const running = this.dispatcher
      .dispatch(delivery)
      .catch((error: unknown) =>
        log.error({ err: error, deliveryId: delivery.id }, 'webhook attempt could not be recorded'),
      )
      .finally(() => {
        this.inFlight.delete(delivery.id)
        this.wake()
      })
    this.inFlight.set(delivery.id, running)
  }

  /** Frees the leases of dead nodes; a failure (database or Redis down) frees none. */
  private async releaseDeadLeases(): Promise<number> {
    try {
      const released = await this.dispatcher.releaseDeadLeases()
      log.debug({ released }, 'looked for leases of dead nodes')
      return released
    } catch (error) {
      log.warn({ err: error }, 'could not look for leases of dead nodes')
      return 0
    }
  }

  /** Sleeps until `at`, or the longest sleep when nothing is pending (see MAX_SLEEP_MS). */
  private armTimer(at: Date | null): void {
    clearTimeout(this.timer)
    if (this.isStopped) return
    const delay =
      at === null ? MAX_SLEEP_MS : Math.min(Math.max(at.getTime() - Date.now(), 0), MAX_SLEEP_MS)
    this.timer = setTimeout(() => this.wake(), delay)
    // The HTTP server keeps the process alive; a pending retry alone should not.
    this.timer.unref()
  }
}

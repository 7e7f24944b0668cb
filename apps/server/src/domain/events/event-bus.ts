import { EventEmitter } from 'node:events'
import type { CredentialRevocation } from '@placet/protocol'
import { logger } from '../../logger.ts'
import type { CommittedEvent } from '../../store/events.ts'

const log = logger.child({ module: 'event-bus' })

export type EventListener = (event: CommittedEvent) => void
export type RevocationListener = (revocation: CredentialRevocation) => void
/** Tells other processes; resolves once they have dropped the credential (or gave up). */
export type RevocationRelay = (revocation: CredentialRevocation) => Promise<void>

/**
 * Fans committed events out, in sequence order, to whoever reacts to them in this process:
 * the Socket.IO gateway, long-poll waiters, the webhook worker. Other processes hear about
 * them through the relay the realtime layer installs (Redis in scale-out), which calls
 * {@link EventBus.deliver} on their side.
 */
export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0)
  private readonly relays: EventListener[] = []
  private readonly revocationListeners: RevocationListener[] = []
  private readonly revocationRelays: RevocationRelay[] = []

  /** Called once events are committed: delivers locally and to other processes. */
  publish(events: CommittedEvent[]): void {
    for (const event of events) {
      this.deliver(event)
      for (const relay of this.relays) relay(event)
    }
  }

  /** Delivers an event to this process's listeners only. */
  deliver(event: CommittedEvent): void {
    for (const listener of this.emitter.listeners('event') as EventListener[]) {
      try {
        listener(event)
      } catch (error) {
        log.error({ err: error, seq: event.seq, type: event.type }, 'event listener failed')
      }
    }
  }

  /** Listens to every event; returns the function that stops listening. */
  subscribe(listener: EventListener): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }

  /** Forwards every locally published event to other processes. */
  addRelay(relay: EventListener): void {
    this.relays.push(relay)
  }

  /**
   * A key was rotated or deleted, or a user changed: every cache of this process drops it at
   * once, and the promise resolves when the other processes have done the same, so the change
   * is in force everywhere before the caller answers.
   */
  async revoke(revocation: CredentialRevocation): Promise<void> {
    this.deliverRevocation(revocation)
    await Promise.all(this.revocationRelays.map((relay) => relay(revocation)))
  }

  /** Applies a revocation to this process's caches only. */
  deliverRevocation(revocation: CredentialRevocation): void {
    for (const listener of this.revocationListeners) listener(revocation)
  }

  onRevocation(listener: RevocationListener): void {
    this.revocationListeners.push(listener)
  }

  addRevocationRelay(relay: RevocationRelay): void {
    this.revocationRelays.push(relay)
  }
}

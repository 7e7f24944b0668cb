import type { Database, Tx } from '../../store/database.ts'
import { appendEvents, type CommittedEvent, type NewEvent } from '../../store/events.ts'
import type { EventBus } from './event-bus.ts'

/** Work that runs in a change's transaction for each logged event (e.g. the webhook outbox). */
export type AppendHook = (tx: Tx, event: CommittedEvent) => Promise<void>

/**
 * Every state change goes through {@link EventLog.change}: the change, its events and what
 * hooks write for them (outbox rows) commit in one transaction; only then are the events
 * published. So nothing is announced that did not happen, and nothing happens unannounced.
 */
export class EventLog {
  private readonly hooks: AppendHook[] = []

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
  ) {}

  /**
   * Runs `work` in a transaction; `emit` queues events, which are appended at the end of the
   * same transaction (briefly holding the append lock) and published after the commit.
   *
   * @example
   * const message = await eventLog.change(async (tx, emit) => {
   *   const row = await insertMessage(tx, data)
   *   emit({ type: 'message:created', userId, channelId, payload: row })
   *   return row
   * })
   */
  async change<Result>(
    work: (tx: Tx, emit: (event: NewEvent) => void) => Promise<Result>,
  ): Promise<Result> {
    const { result, logged } = await this.db.transaction(async (tx) => {
      const queued: NewEvent[] = []
      const result = await work(tx, (event) => queued.push(event))
      const logged = await appendEvents(tx, this.db.provider, queued)
      for (const event of logged) for (const hook of this.hooks) await hook(tx, event)
      return { result, logged }
    })
    this.bus.publish(logged)
    return result
  }

  /** Adds work to run in the transaction of every logged event. */
  onAppend(hook: AppendHook): void {
    this.hooks.push(hook)
  }
}

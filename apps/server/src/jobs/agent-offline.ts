import type { AgentStatusService } from '../domain/agents/agent-status.ts'
import type { EventBus } from '../domain/events/event-bus.ts'
import { DeadlineTimer } from './deadline-timer.ts'
import type { Job } from './job.ts'

/**
 * Sets agents offline when their heartbeat is overdue (AGENT_OFFLINE_AFTER; spec 9.4.4;
 * Placet has no server-side timeout, 1.11). One timer for the earliest deadline, read from the
 * (status, lastActiveAt) index at start and after each sweep. A heartbeat only moves deadlines
 * later, except when an agent comes alive: that is an `agent:status` event, which also
 * arrives from other servers, and brings the timer forward. Two servers may both fire; the
 * guarded update lets only one of them set an agent offline.
 */
export class AgentOfflineJob implements Job {
  readonly name = 'agent-offline'
  private unsubscribe: (() => void) | undefined
  private readonly timer: DeadlineTimer

  constructor(
    private readonly status: AgentStatusService,
    private readonly bus: EventBus,
    private readonly offlineAfterMs: number,
  ) {
    this.timer = new DeadlineTimer(this.name, async () => {
      await this.status.markOverdueOffline()
      return this.status.findNextOfflineDeadline()
    })
  }

  async start(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.type === 'agent:status' && event.payload.status !== 'offline')
        this.timer.armAt(Date.now() + this.offlineAfterMs)
    })
    await this.timer.run()
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    await this.timer.stop()
  }
}

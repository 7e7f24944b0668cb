import type { Config } from '../config.ts'
import type { EventBus } from '../domain/events/event-bus.ts'
import type { StreamService } from '../domain/messages/streams.ts'
import { DeadlineTimer } from './deadline-timer.ts'
import type { Job } from './job.ts'

/**
 * Closes stream drafts whose agent went quiet (spec 2.1 "Stale drafts"): at start-up, drafts a
 * previous process left streaming for over 60 s are aborted silently; from then on, a draft not
 * updated for STREAM_STALE_AFTER is aborted with `message:updated`. The timer is armed for the
 * oldest draft's deadline; when that draft was updated meanwhile, the sweep finds nothing and
 * re-arms for the new oldest.
 */
export class StaleStreamJob implements Job {
  readonly name = 'stale-streams'
  private unsubscribe: (() => void) | undefined
  private readonly timer: DeadlineTimer

  constructor(
    private readonly streams: StreamService,
    private readonly bus: EventBus,
    private readonly config: Config,
  ) {
    this.timer = new DeadlineTimer(this.name, async () => {
      while (await this.streams.abortStaleDrafts()) {
        // a full batch: there may be more stale drafts
      }
      return this.streams.nextStaleAt()
    })
  }

  async start(): Promise<void> {
    await this.streams.abortLeftoverDrafts()
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.type === 'message:created' && event.payload.streamState === 'streaming') {
        this.timer.armAt(Date.now() + this.config.agents.streamStaleAfterMs + 1)
      }
    })
    await this.timer.run()
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    await this.timer.stop()
  }
}

import { logger } from '../logger.ts'

/** setTimeout's largest delay; a later deadline is re-checked when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1
/** After a failed sweep (database briefly down), try again this much later. */
const RETRY_AFTER_MS = 5_000

/**
 * One timer armed for the earliest known deadline, instead of a scan every minute (spec
 * 9.2.5): `sweep` does the work that is due and returns the next deadline from the database;
 * `armAt` moves the timer earlier when a nearer deadline appears. Sweeps never overlap: one
 * asked for during another runs once more right after it.
 */
export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined
  private armedFor: number | undefined
  private running: Promise<void> | undefined
  private isRunAgainNeeded = false
  private isStopped = false
  private readonly log

  constructor(
    name: string,
    private readonly sweep: () => Promise<Date | null>,
  ) {
    this.log = logger.child({ module: name })
  }

  /** Arms the timer for `at` (epoch ms or Date) unless it is already armed for earlier. */
  armAt(at: Date | number | null): void {
    if (this.isStopped || at === null) return
    const time = typeof at === 'number' ? at : at.getTime()
    if (this.armedFor !== undefined && this.armedFor <= time) return
    clearTimeout(this.timer)
    this.armedFor = time
    this.timer = setTimeout(
      () => void this.run(),
      Math.min(MAX_TIMER_MS, Math.max(0, time - Date.now())),
    )
    this.timer.unref()
  }

  /** Sweeps now, then re-arms for the next deadline. */
  run(): Promise<void> {
    clearTimeout(this.timer)
    this.armedFor = undefined
    if (this.running) {
      this.isRunAgainNeeded = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.isRunAgainNeeded = false
          const next = await this.sweep()
          this.armAt(next)
        } while (this.isRunAgainNeeded && !this.isStopped)
      } catch (error) {
        if (this.isStopped) return
        this.log.error({ err: error }, 'sweep failed; retrying')
        this.armAt(Date.now() + RETRY_AFTER_MS)
      } finally {
        this.running = undefined
      }
    })()
    return this.running
  }

  /** Disarms and waits for a sweep in progress to end. */
  async stop(): Promise<void> {
    this.isStopped = true
    clearTimeout(this.timer)
    await this.running
  }
}

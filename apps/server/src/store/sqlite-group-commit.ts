/**
 * The one SQLite connection, shared by every read and transaction in turn, with group commit:
 * transactions waiting while one runs join the next COMMIT, each in a savepoint of its own.
 * A COMMIT costs more than all the statements of an agent's post (~0.3 ms of a ~1.3 ms request
 * here, issue 12); under load one COMMIT now serves many posts. Nothing is answered before the
 * COMMIT that makes it durable, and a transaction that fails rolls back to its savepoint alone.
 *
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { DirectSql } from './direct-sql.ts'

type Task = {
  isTransaction: boolean
  run: () => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** Enough to share a COMMIT widely, few enough that the first waits only a few milliseconds. */
const MAX_GROUP = 32
/**
 * A transaction runs in microtasks, so nothing else can queue behind it meanwhile: before its
 * COMMIT the group lets the event loop turn this often, which lets requests that already
 * arrived reach their transactions and join. Idle, a turn costs microseconds.
 */
const TURNS_TO_GATHER = 2

export class SqliteGroupCommit {
  private readonly waiting: Task[] = []
  private isRunning = false

  constructor(
    private readonly connection: BetterSqlite3.Database,
    private readonly sql: DirectSql,
  ) {}

  /** Reads run alone, outside any transaction: they only ever see committed rows. */
  read<Result>(run: () => Promise<Result>): Promise<Result> {
    return this.enqueue(false, run)
  }

  transaction<Result>(run: () => Promise<Result>): Promise<Result> {
    return this.enqueue(true, run)
  }

  private enqueue<Result>(isTransaction: boolean, run: () => Promise<Result>): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({
        isTransaction,
        run,
        resolve: resolve as (value: unknown) => void,
        reject,
      })
      if (!this.isRunning) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.isRunning = true
    try {
      for (let task = this.waiting.shift(); task; task = this.waiting.shift()) {
        if (task.isTransaction) await this.runGroup(task)
        else await task.run().then(task.resolve, task.reject)
      }
    } finally {
      this.isRunning = false
    }
  }

  /** `first` and the transactions queued behind it, up to {@link MAX_GROUP}, in one COMMIT. */
  private async runGroup(first: Task): Promise<void> {
    const done: { task: Task; result: unknown }[] = []
    const failed: { task: Task; error: unknown }[] = []
    let current: Task | undefined = first
    try {
      // IMMEDIATE: the write lock now, waiting for another process's (busy timeout), rather
      // than a read snapshot that fails to become a writer if that process commits first.
      await this.sql.execute('BEGIN IMMEDIATE', [])
      for (; current; current = await this.nextInGroup(done.length + failed.length)) {
        await this.sql.execute('SAVEPOINT "placet_task"', [])
        try {
          done.push({ task: current, result: await current.run() })
          await this.sql.execute('RELEASE "placet_task"', [])
        } catch (error) {
          failed.push({ task: current, error })
          // Some failures (a full disk) end the whole transaction: the group is lost.
          if (!this.connection.inTransaction) throw error
          await this.sql.execute('ROLLBACK TO "placet_task"', [])
          await this.sql.execute('RELEASE "placet_task"', [])
        }
      }
      await this.sql.execute('COMMIT', [])
    } catch (error) {
      if (this.connection.inTransaction) await this.sql.execute('ROLLBACK', []).catch(() => {})
      // The task that was running when it failed is in `failed` already, or never started.
      if (current && !failed.some((entry) => entry.task === current)) current.reject(error)
      for (const { task } of done) task.reject(error)
      for (const { task, error: own } of failed) task.reject(own)
      return
    }
    for (const { task, result } of done) task.resolve(result)
    for (const { task, error } of failed) task.reject(error)
  }

  private async nextInGroup(size: number): Promise<Task | undefined> {
    if (size >= MAX_GROUP) return
    for (let turn = 0; turn < TURNS_TO_GATHER && this.waiting.length === 0; turn++)
      await new Promise((resolve) => setImmediate(resolve))
    if (!this.waiting[0]?.isTransaction) return
    return this.waiting.shift()
  }
}

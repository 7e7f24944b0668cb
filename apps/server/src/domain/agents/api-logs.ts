import {
  MASKED_SECRET,
  type ApiLog,
  type ApiLogListQuery,
  type ApiLogPage,
  type ApiLogStatusFilter,
} from '@placet/protocol'
import { logger } from '../../logger.ts'
import {
  findUserApiLog,
  insertApiLogs,
  listApiLogs,
  type NewApiLog,
  type StatusRange,
} from '../../store/api-logs.ts'
import type { Database } from '../../store/database.ts'
import { AppError } from '../errors.ts'

const log = logger.child({ module: 'api-logs' })

/** Stored request and response bodies are cut at this many characters. */
export const MAX_LOGGED_BODY = 8 * 1024
const TRUNCATED = '…[truncated]'
const MAX_LOGGED_PATH = 2048

/**
 * Keys whose values never reach the log (spec 1.10: password, secret, token, authorization);
 * `apiKey` too, since setManagement carries the management key in the clear.
 */
const SECRET_KEY = /password|secret|token|authorization|api[-_]?key/i

/** A copy of a JSON value with every secret-named key's value replaced by `***`. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) ? MASKED_SECRET : maskSecrets(inner),
    ]),
  )
}

/**
 * A path or URL as the log stores it: the values of secret-named query parameters masked
 * (`?token=…` would otherwise sit in the log in the clear), credentials in the URL too.
 */
export function toLoggedPath(pathOrUrl: string): string {
  let url: URL
  try {
    url = new URL(pathOrUrl, 'http://relative.invalid')
  } catch {
    return pathOrUrl.slice(0, MAX_LOGGED_PATH)
  }
  const hasSecretParam = [...url.searchParams.keys()].some((key) => SECRET_KEY.test(key))
  if (!hasSecretParam && !url.password) return pathOrUrl.slice(0, MAX_LOGGED_PATH)
  for (const key of new Set(url.searchParams.keys()))
    if (SECRET_KEY.test(key)) url.searchParams.set(key, MASKED_SECRET)
  if (url.password) url.password = MASKED_SECRET
  const masked =
    url.origin === 'http://relative.invalid' ? url.href.slice(url.origin.length) : url.href
  return masked.slice(0, MAX_LOGGED_PATH)
}

/** A body as the log stores it: masked JSON, capped at {@link MAX_LOGGED_BODY}; null if empty. */
export function toLoggedBody(body: unknown): string | null {
  if (body === undefined || body === null || body === '') return null
  const text = typeof body === 'string' ? body : JSON.stringify(maskSecrets(body))
  return text.length > MAX_LOGGED_BODY
    ? text.slice(0, MAX_LOGGED_BODY - TRUNCATED.length) + TRUNCATED
    : text
}

/** A call as the log records it; bodies are masked and capped here. */
export type ApiCall = Omit<NewApiLog, 'requestBody' | 'responseBody'> & {
  requestBody: unknown
  responseBody: unknown
}

/** Rows written per transaction at most. */
const WRITE_BATCH = 200
/**
 * Calls waiting to be written at most: when the database falls this far behind, further calls
 * go unlogged (and are counted in a warning) rather than growing the heap without bound.
 */
export const MAX_QUEUED_CALLS = 10_000

/**
 * The ApiLog (spec 1.10), which feeds the request figures of the dashboard (spec 3.4). Calls
 * are queued and written in batches off the request path: one transaction for many calls
 * (SQLite has one writer), and a failed write is logged, never thrown into the API.
 */
export class ApiLogService {
  private readonly queue: NewApiLog[] = []
  private writing: Promise<void> | undefined
  private dropped = 0

  constructor(
    private readonly db: Database,
    private readonly maxQueued = MAX_QUEUED_CALLS,
  ) {}

  record(call: ApiCall): void {
    if (this.queue.length >= this.maxQueued) {
      this.dropped++
      return
    }
    try {
      this.queue.push({
        ...call,
        path: toLoggedPath(call.path),
        requestBody: toLoggedBody(call.requestBody),
        responseBody: toLoggedBody(call.responseBody),
      })
    } catch (error) {
      log.warn({ err: error, path: call.path }, 'could not serialise an API call for the log')
      return
    }
    this.writing ??= this.writeQueued()
  }

  /** A page of the user's log, newest first; another user's rows never match (spec 3.7). */
  async list(userId: string, query: ApiLogListQuery): Promise<ApiLogPage> {
    return this.db.read(async (tx) => {
      // A cursor must be a row of this user's log, or a page could start inside another's.
      if (query.cursor && !(await findUserApiLog(tx, userId, query.cursor)))
        throw new AppError(400, 'Invalid cursor')
      return listApiLogs(
        tx,
        {
          userId,
          agentId: query.agent,
          direction: query.direction,
          statusRanges: query.status ? statusRangesOf(query.status) : undefined,
        },
        query,
      )
    })
  }

  /** One row of the user's log; 404 for another user's, as for one that does not exist. */
  async get(userId: string, id: string): Promise<ApiLog> {
    const row = await this.db.read((tx) => findUserApiLog(tx, userId, id))
    if (!row) throw new AppError(404, 'Log entry not found')
    return row
  }

  /** Waits until every recorded call is written; the server calls it before the database closes. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing
  }

  private async writeQueued(): Promise<void> {
    // Let the calls finishing in this turn join the batch.
    await new Promise((resolve) => setImmediate(resolve))
    try {
      while (this.queue.length > 0) {
        if (this.dropped > 0) {
          log.warn({ count: this.dropped }, 'the API log fell behind; calls went unlogged')
          this.dropped = 0
        }
        const batch = this.queue.splice(0, WRITE_BATCH)
        try {
          await this.db.transaction((tx) => insertApiLogs(tx, batch))
        } catch (error) {
          log.warn({ err: error, count: batch.length }, 'could not write the API log')
        }
      }
    } finally {
      this.writing = undefined
    }
  }
}

/** The codes a status filter admits: `error` is 0 (no answer) and 400 up, the split of spec 3.4. */
export function statusRangesOf(filter: ApiLogStatusFilter): StatusRange[] {
  if (filter === 'success') return [{ gte: 1, lt: 400 }]
  if (filter === 'error')
    return [
      { gte: 0, lt: 1 },
      { gte: 400, lt: 1000 },
    ]
  if (filter.endsWith('xx')) {
    const from = Number(filter[0]) * 100
    return [{ gte: from, lt: from + 100 }]
  }
  return [{ gte: Number(filter), lt: Number(filter) + 1 }]
}

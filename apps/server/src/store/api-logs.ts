import type { ApiLog, ApiLogDirection, ApiLogPage } from '@placet/protocol'
import { sqlOf, type Tx } from './database.ts'
import { newRowId } from './row-ids.ts'

/** A row of the API log (spec 1.10); bodies arrive already masked and capped. */
export type NewApiLog = {
  userId: string
  apiKeyId?: string | null
  agentId: string | null
  method: string
  path: string
  requestBody: string | null
  responseBody: string | null
  /** 0 when no HTTP answer came back (network failure, timeout). */
  statusCode: number
  durationMs: number
  direction: 'inbound' | 'outbound'
}

export async function insertApiLog(tx: Tx, log: NewApiLog): Promise<void> {
  await tx.apiLog.create({ data: log })
}

/**
 * The buffered batch, one prepared statement per row: a model `createMany` compiled anew for
 * every batch size, a third of an ingest's database time (issue 12).
 */
export async function insertApiLogs(tx: Tx, logs: NewApiLog[]): Promise<void> {
  const sql = sqlOf(tx)
  const createdAt = new Date()
  for (const log of logs)
    await sql.execute(
      `INSERT INTO "ApiLog" ("id", "apiKeyId", "userId", "agentId", "method", "path",
        "requestBody", "responseBody", "statusCode", "durationMs", "direction", "createdAt")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        newRowId(),
        log.apiKeyId ?? null,
        log.userId,
        log.agentId,
        log.method,
        log.path,
        log.requestBody,
        log.responseBody,
        log.statusCode,
        log.durationMs,
        log.direction,
        createdAt,
      ],
    )
}

/** Agent calls of a user (optionally about one agent), split at status 400 (spec 3.4). */
export async function countInboundRequests(
  tx: Tx,
  userId: string,
  agentId?: string,
): Promise<{ successRequests: number; errorRequests: number }> {
  const where = { userId, direction: 'inbound', ...(agentId ? { agentId } : {}) }
  const successRequests = await tx.apiLog.count({ where: { ...where, statusCode: { lt: 400 } } })
  const errorRequests = await tx.apiLog.count({ where: { ...where, statusCode: { gte: 400 } } })
  return { successRequests, errorRequests }
}

type ApiLogRow = Awaited<ReturnType<Tx['apiLog']['findUniqueOrThrow']>>

function toApiLog(row: ApiLogRow): ApiLog {
  return {
    id: row.id,
    apiKeyId: row.apiKeyId,
    userId: row.userId,
    agentId: row.agentId,
    method: row.method,
    path: row.path,
    requestBody: row.requestBody,
    responseBody: row.responseBody,
    statusCode: row.statusCode,
    durationMs: row.durationMs,
    direction: row.direction as ApiLogDirection,
    createdAt: row.createdAt.toISOString(),
  }
}

/** Status codes from `gte` up to, not including, `lt`. */
export type StatusRange = { gte: number; lt: number }

/** What a page of the log is narrowed to; always one user's rows. */
export type ApiLogFilter = {
  userId: string
  agentId?: string
  direction?: ApiLogDirection
  /** Any of these ranges matches. */
  statusRanges?: StatusRange[]
}

function whereOf(filter: ApiLogFilter) {
  return {
    userId: filter.userId,
    ...(filter.agentId ? { agentId: filter.agentId } : {}),
    ...(filter.direction ? { direction: filter.direction } : {}),
    ...(filter.statusRanges
      ? { OR: filter.statusRanges.map((range) => ({ statusCode: range })) }
      : {}),
  }
}

/** A page of one user's log, newest first (`cursor` is the last id seen). */
export async function listApiLogs(
  tx: Tx,
  filter: ApiLogFilter,
  page: { cursor?: string; limit: number },
): Promise<ApiLogPage> {
  const rows = await tx.apiLog.findMany({
    where: whereOf(filter),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  })
  const data = rows.slice(0, page.limit).map(toApiLog)
  return { data, nextCursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

/** A row of the log, only if it is the user's. */
export async function findUserApiLog(tx: Tx, userId: string, id: string): Promise<ApiLog | null> {
  const row = await tx.apiLog.findFirst({ where: { id, userId } })
  return row ? toApiLog(row) : null
}

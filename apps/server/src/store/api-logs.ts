import type { Tx } from './database.ts'

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

export async function insertApiLogs(tx: Tx, logs: NewApiLog[]): Promise<void> {
  await tx.apiLog.createMany({ data: logs })
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

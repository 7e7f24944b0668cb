import type { AgentStatus, AgentStatusHistory } from '@placet/protocol'
import { toAgentRecord, type AgentRecord } from './agents.ts'
import type { Tx } from './database.ts'

/** Statuses the offline detection watches: everything but `offline` itself. */
export const LIVE_STATUSES: readonly AgentStatus[] = ['active', 'busy', 'error']

/** An agent whose heartbeat is overdue, as last seen. */
export type StaleAgent = { id: string; ownerId: string; lastActiveAt: Date }

export async function insertStatusHistory(
  tx: Tx,
  agentId: string,
  status: AgentStatus,
  message: string | null,
  at: Date,
): Promise<void> {
  await tx.agentStatusHistory.create({ data: { agentId, status, message, createdAt: at } })
}

/** The newest history rows first (spec 3.4: the stats endpoint shows the last 100). */
export async function listStatusHistory(
  tx: Tx,
  agentId: string,
  limit: number,
): Promise<AgentStatusHistory[]> {
  const rows = await tx.agentStatusHistory.findMany({
    where: { agentId },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  return rows.map((row) => ({
    ...row,
    status: row.status as AgentStatus,
    createdAt: row.createdAt.toISOString(),
  }))
}

/** The oldest heartbeat among live agents (index on status, lastActiveAt), or null. */
export async function findOldestLiveActivity(tx: Tx): Promise<Date | null> {
  const row = await tx.agent.findFirst({
    where: { status: { in: [...LIVE_STATUSES] }, lastActiveAt: { not: null } },
    orderBy: { lastActiveAt: 'asc' },
    select: { lastActiveAt: true },
  })
  return row?.lastActiveAt ?? null
}

/** Live agents whose last heartbeat is at or before `cutoff`, oldest first. */
export async function findStaleAgents(tx: Tx, cutoff: Date, limit: number): Promise<StaleAgent[]> {
  const rows = await tx.agent.findMany({
    where: { status: { in: [...LIVE_STATUSES] }, lastActiveAt: { lte: cutoff } },
    orderBy: { lastActiveAt: 'asc' },
    select: { id: true, ownerId: true, lastActiveAt: true },
    take: limit,
  })
  return rows.map((row) => ({ id: row.id, ownerId: row.ownerId, lastActiveAt: row.lastActiveAt! }))
}

/**
 * Sets a stale agent offline only if it is still live and has not pinged since it was seen:
 * of two servers racing, or a ping racing the sweep, exactly one outcome is applied.
 */
export async function markOfflineIfUnchanged(
  tx: Tx,
  agent: StaleAgent,
  message: string,
  at: Date,
): Promise<boolean> {
  const { count } = await tx.agent.updateMany({
    where: { id: agent.id, status: { in: [...LIVE_STATUSES] }, lastActiveAt: agent.lastActiveAt },
    data: { status: 'offline', statusMessage: message, statusSince: at },
  })
  return count === 1
}

/** Writes a heartbeat; `statusSince` only when the caller says the status changed. */
export async function updateAgentStatus(
  tx: Tx,
  id: string,
  data: {
    status: AgentStatus
    statusMessage: string | null
    statusSince?: Date
    lastActiveAt: Date
  },
): Promise<AgentRecord> {
  return toAgentRecord(await tx.agent.update({ where: { id }, data }))
}

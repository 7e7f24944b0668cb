import type { Agent, AgentStatusPayload, StatusPingBody } from '@placet/protocol'
import { logger } from '../../logger.ts'
import { findAgent, toAgent, type AgentRecord } from '../../store/agents.ts'
import {
  findOldestLiveActivity,
  findStaleAgents,
  insertStatusHistory,
  markOfflineIfUnchanged,
  updateAgentStatus,
  type StaleAgent,
} from '../../store/agent-status.ts'
import type { Database } from '../../store/database.ts'
import { requireOwnedChannel } from './channel-access.ts'
import type { EventLog } from '../events/event-log.ts'

const log = logger.child({ module: 'agent-status' })

/** How many overdue agents one sweep handles. */
const SWEEP_BATCH = 100

type StatusEventPayload = Omit<AgentStatusPayload, 'seq'>

/**
 * Agent heartbeats (spec 1.11, 2.4) and, beyond Placet (9.4.4), the server-side expiry of
 * heartbeats: an agent that stops pinging goes offline, recorded like any other change.
 */
export class AgentStatusService {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly offlineAfterMs: number,
  ) {}

  /** A tenth of the offline delay (at most 30 s): the heartbeat's own slack, not a new one. */
  private get coalesceMs(): number {
    return Math.min(this.offlineAfterMs / 10, 30_000)
  }

  /**
   * `POST /api/v1/status/ping`: statusSince moves and a history row is written only when the
   * status changes; the `agent:status` event goes out when the status or its message changed.
   */
  async ping(userId: string, { agentId, status, message }: StatusPingBody): Promise<Agent> {
    const now = new Date()
    const statusMessage = message ?? null
    // Heartbeats that change nothing are coalesced: lastActiveAt moves at most every
    // {@link coalesceMs}, so a chatty agent costs a read, not a write transaction (issue 12).
    const current = await this.db.read((tx) => requireOwnedChannel(tx, userId, agentId))
    if (
      current.status === status &&
      current.statusMessage === statusMessage &&
      current.lastActiveAt &&
      now.getTime() - current.lastActiveAt.getTime() < this.coalesceMs
    )
      return toAgent(current)
    const row = await this.eventLog.change(async (tx, emit) => {
      const before = await requireOwnedChannel(tx, userId, agentId)
      const isNewStatus = before.status !== status
      const updated = await updateAgentStatus(tx, agentId, {
        status,
        statusMessage,
        lastActiveAt: now,
        ...(isNewStatus || !before.statusSince ? { statusSince: now } : {}),
      })
      if (isNewStatus) await insertStatusHistory(tx, agentId, status, statusMessage, now)
      if (isNewStatus || before.statusMessage !== statusMessage) {
        emit({
          type: 'agent:status',
          userId: before.ownerId,
          channelId: agentId,
          payload: statusPayloadOf(updated),
        })
      }
      return updated
    })
    return toAgent(row)
  }

  /** When the next live agent becomes overdue, or null if none is live. */
  async findNextOfflineDeadline(): Promise<Date | null> {
    const oldest = await this.db.read((tx) => findOldestLiveActivity(tx))
    return oldest ? new Date(oldest.getTime() + this.offlineAfterMs) : null
  }

  /**
   * Sets overdue agents offline, a batch at a time (a fuller backlog leaves the next deadline
   * in the past, so the timer fires again at once); returns how many this server changed.
   */
  async markOverdueOffline(now = new Date()): Promise<number> {
    const stale = await this.db.read((tx) =>
      findStaleAgents(tx, new Date(now.getTime() - this.offlineAfterMs), SWEEP_BATCH),
    )
    let changed = 0
    for (const agent of stale) if (await this.markOffline(agent, now)) changed++
    if (changed > 0) log.info({ count: changed }, 'agents went offline without a heartbeat')
    return changed
  }

  private async markOffline(agent: StaleAgent, now: Date): Promise<boolean> {
    const message = `No heartbeat for ${Math.round(this.offlineAfterMs / 1000)}s`
    return this.eventLog.change(async (tx, emit) => {
      if (!(await markOfflineIfUnchanged(tx, agent, message, now))) return false
      await insertStatusHistory(tx, agent.id, 'offline', message, now)
      const row = await findAgent(tx, agent.id)
      if (row)
        emit({
          type: 'agent:status',
          userId: agent.ownerId,
          channelId: agent.id,
          payload: statusPayloadOf(row),
        })
      return true
    })
  }
}

function statusPayloadOf(
  row: Pick<AgentRecord, 'id' | 'status' | 'statusMessage' | 'statusSince'>,
): StatusEventPayload {
  return {
    agentId: row.id,
    status: row.status,
    statusMessage: row.statusMessage,
    statusSince: row.statusSince?.toISOString() ?? null,
  }
}

import type { AgentListItem, AgentStats, AgentsOverviewStats } from '@placet/protocol'
import {
  countAgents,
  countMessagesBySender,
  countMessagesOfOwner,
  countUnreadMessages,
  findLastMessages,
} from '../../store/agent-inbox.ts'
import { listStatusHistory } from '../../store/agent-status.ts'
import { listAgents, toAgent } from '../../store/agents.ts'
import { countInboundRequests } from '../../store/api-logs.ts'
import type { Database } from '../../store/database.ts'
import { requireOwnedChannel } from './channel-access.ts'

/** Spec 3.4: the stats endpoint shows this many status changes, newest first. */
const STATUS_HISTORY_LIMIT = 100

/** The dashboard's view of a user's agents: the chat list and the figures (spec 3.4). */
export class AgentInboxService {
  constructor(private readonly db: Database) {}

  /** Agents, newest first, with their last message and unread count; a fixed number of queries. */
  async list(userId: string): Promise<AgentListItem[]> {
    return this.db.read(async (tx) => {
      const rows = await listAgents(tx, userId)
      const ids = rows.map((row) => row.id)
      const lastMessages = await findLastMessages(tx, ids)
      const unread = await countUnreadMessages(tx, userId, ids)
      return rows.map((row) => {
        const last = lastMessages.get(row.id)
        return {
          ...toAgent(row),
          lastMessage: last?.text ?? null,
          lastMessageTime: last?.createdAt.toISOString() ?? null,
          unreadCount: unread.get(row.id) ?? 0,
        }
      })
    })
  }

  /** `GET /api/agents/stats`: active means any status but offline. */
  async overview(userId: string): Promise<AgentsOverviewStats> {
    return this.db.read(async (tx) => {
      const agents = await countAgents(tx, userId)
      return {
        totalAgents: agents.total,
        activeAgents: agents.live,
        totalMessages: await countMessagesOfOwner(tx, userId),
        ...(await countInboundRequests(tx, userId)),
      }
    })
  }

  /** `GET /api/agents/:id/stats`. */
  async stats(userId: string, agentId: string): Promise<AgentStats> {
    return this.db.read(async (tx) => {
      await requireOwnedChannel(tx, userId, agentId)
      const bySender = await countMessagesBySender(tx, agentId)
      return {
        totalMessages: bySender.agent + bySender.user,
        totalInbound: bySender.agent,
        totalOutbound: bySender.user,
        // Only the owner's own calls: another user's refused attempt names the agent too.
        ...(await countInboundRequests(tx, userId, agentId)),
        statusHistory: await listStatusHistory(tx, agentId, STATUS_HISTORY_LIMIT),
      }
    })
  }
}

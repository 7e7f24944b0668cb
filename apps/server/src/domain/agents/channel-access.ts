import type { Database, Tx } from '../../store/database.ts'
import { markChannelRead } from '../../store/channel-reads.ts'
import { findAgent, type AgentRecord } from '../../store/agents.ts'
import { AppError } from '../errors.ts'

/**
 * The ownership rule of every channel-scoped call (spec 2.0): the channel must exist (404
 * "Agent not found") and belong to the caller (403 "Not your agent").
 */
export async function requireOwnedChannel(
  tx: Tx,
  userId: string,
  channelId: string | undefined,
): Promise<AgentRecord> {
  if (!channelId) throw new AppError(400, 'channelId is required')
  const agent = await findAgent(tx, channelId)
  if (!agent) throw new AppError(404, 'Agent not found')
  if (agent.ownerId !== userId) throw new AppError(403, 'Not your agent')
  return agent
}

/** Channel checks for the socket edge, which answers with reasons instead of HTTP errors. */
export class ChannelAccess {
  constructor(private readonly db: Database) {}

  /** Null when the user owns the channel, otherwise the reason (for the ack). */
  async findDenial(userId: string, channelId: string): Promise<string | null> {
    try {
      await this.db.read((tx) => requireOwnedChannel(tx, userId, channelId))
      return null
    } catch (error) {
      if (error instanceof AppError) return error.message
      throw error
    }
  }

  /** `channel:read` and `POST /api/agents/:id/read`: ownership, then the read marker. */
  async markRead(userId: string, channelId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await requireOwnedChannel(tx, userId, channelId)
      await markChannelRead(tx, userId, channelId)
    })
  }
}

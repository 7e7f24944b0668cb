import type { Tx } from '../store/database.ts'
import { findAgentRow, type AgentRow } from '../store/agents.ts'
import { AppError } from './errors.ts'

/**
 * The ownership rule of every channel-scoped call (spec 2.0): the channel must exist (404
 * "Agent not found") and belong to the caller (403 "Not your agent").
 */
export async function requireOwnedChannel(tx: Tx, userId: string, channelId: string | undefined): Promise<AgentRow> {
  if (!channelId) throw new AppError(400, 'channelId is required')
  const agent = await findAgentRow(tx, channelId)
  if (!agent) throw new AppError(404, 'Agent not found')
  if (agent.ownerId !== userId) throw new AppError(403, 'Not your agent')
  return agent
}

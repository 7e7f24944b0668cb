import type { Tx } from '../../store/database.ts'
import { findAgent, type AgentRecord } from '../../store/agents.ts'
import { findMessage, type MessageRecord } from '../../store/messages.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'

/**
 * The ownership rule for calls on one message (spec 2.0, 2.1): with `?channel=` the channel is
 * checked first (403 "Not your agent" / 404) and the message must be in it (404 "Message not
 * found"); without it, the message's own channel must be the caller's.
 */
export async function requireOwnedMessage(
  tx: Tx,
  userId: string,
  messageId: string,
  channelId?: string,
): Promise<{ row: MessageRecord; agent: AgentRecord }> {
  if (channelId !== undefined) {
    const agent = await requireOwnedChannel(tx, userId, channelId)
    const row = await findMessage(tx, messageId)
    if (!row || row.channelId !== channelId) throw new AppError(404, 'Message not found')
    return { row, agent }
  }
  const row = await findMessage(tx, messageId)
  if (!row) throw new AppError(404, 'Message not found')
  const agent = await findAgent(tx, row.channelId)
  if (!agent || agent.ownerId !== userId) throw new AppError(403, 'Not your agent')
  return { row, agent }
}

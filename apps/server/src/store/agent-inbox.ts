import type { Tx } from './database.ts'

/** The newest message of a channel, for the chat list (spec 3.4). */
export type LastMessage = { text: string | null; createdAt: Date }

/**
 * The newest message of each channel, in two queries whatever the number of channels: the
 * newest time per channel (grouped, on the channelId+createdAt index), then those rows.
 */
export async function findLastMessages(
  tx: Tx,
  channelIds: string[],
): Promise<Map<string, LastMessage>> {
  const found = new Map<string, LastMessage>()
  if (channelIds.length === 0) return found
  const newest = await tx.message.groupBy({
    by: ['channelId'],
    where: { channelId: { in: channelIds } },
    _max: { createdAt: true },
  })
  const keys = newest.flatMap(({ channelId, _max }) =>
    _max.createdAt ? [{ channelId, createdAt: _max.createdAt }] : [],
  )
  if (keys.length === 0) return found
  const rows = await tx.message.findMany({
    where: { OR: keys },
    select: { channelId: true, text: true, createdAt: true },
    // Two messages of one channel in the same millisecond: the later id wins.
    orderBy: { id: 'asc' },
  })
  for (const row of rows) found.set(row.channelId, { text: row.text, createdAt: row.createdAt })
  return found
}

/**
 * Agent-sent messages each channel has that the user has not read: newer than the user's
 * ChannelRead, or all of them without one (spec 3.4). One grouped count for all channels.
 */
export async function countUnreadMessages(
  tx: Tx,
  userId: string,
  channelIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (channelIds.length === 0) return counts
  const reads = await tx.channelRead.findMany({ where: { userId, channelId: { in: channelIds } } })
  const readAt = new Map(reads.map((read) => [read.channelId, read.lastReadAt]))
  const neverRead = channelIds.filter((id) => !readAt.has(id))
  const grouped = await tx.message.groupBy({
    by: ['channelId'],
    where: {
      senderType: 'agent',
      OR: [
        ...(neverRead.length > 0 ? [{ channelId: { in: neverRead } }] : []),
        ...[...readAt].map(([channelId, lastReadAt]) => ({
          channelId,
          createdAt: { gt: lastReadAt },
        })),
      ],
    },
    _count: { _all: true },
  })
  for (const row of grouped) counts.set(row.channelId, row._count._all)
  return counts
}

/** Messages in all channels of a user. */
export async function countMessagesOfOwner(tx: Tx, ownerId: string): Promise<number> {
  return tx.message.count({ where: { channel: { ownerId } } })
}

/** A user's agents: all of them, and those with any status but offline. */
export async function countAgents(
  tx: Tx,
  ownerId: string,
): Promise<{ total: number; live: number }> {
  const grouped = await tx.agent.groupBy({
    by: ['status'],
    where: { ownerId },
    _count: { _all: true },
  })
  const total = grouped.reduce((sum, row) => sum + row._count._all, 0)
  return {
    total,
    live: total - (grouped.find((row) => row.status === 'offline')?._count._all ?? 0),
  }
}

/** Messages of one channel by sender: `agent` is inbound, `user` outbound (spec 3.4). */
export async function countMessagesBySender(
  tx: Tx,
  channelId: string,
): Promise<{ agent: number; user: number }> {
  const grouped = await tx.message.groupBy({
    by: ['senderType'],
    where: { channelId },
    _count: { _all: true },
  })
  const countOf = (senderType: string) =>
    grouped.find((row) => row.senderType === senderType)?._count._all ?? 0
  return { agent: countOf('agent'), user: countOf('user') }
}

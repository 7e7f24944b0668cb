import type { MessageStatusEvent } from '@placet/protocol'
import type { Tx } from './database.ts'

type StatusEventRow = Awaited<ReturnType<Tx['messageStatusEvent']['findUniqueOrThrow']>>

export function toStatusEvent(row: StatusEventRow): MessageStatusEvent {
  return {
    id: row.id,
    channelId: row.channelId,
    streamId: row.streamId,
    index: row.index,
    text: row.text,
    toolHint: row.toolHint,
    createdAt: row.createdAt.toISOString(),
  }
}

/**
 * Appends a progress step of a stream with `index = max + 1` (0-based, spec 1.9). Callers hold
 * the stream's lock; the unique (channelId, streamId, index) index catches anything else.
 */
export async function insertStatusEvent(
  tx: Tx,
  data: { channelId: string; streamId: string; text: string; toolHint: boolean },
): Promise<MessageStatusEvent> {
  const last = await tx.messageStatusEvent.findFirst({
    where: { channelId: data.channelId, streamId: data.streamId },
    orderBy: { index: 'desc' },
    select: { index: true },
  })
  return toStatusEvent(
    await tx.messageStatusEvent.create({ data: { ...data, index: (last?.index ?? -1) + 1 } }),
  )
}

/** Steps of several streams of one channel, grouped by streamId, each in index order. */
export async function listStatusEventsByStream(
  tx: Tx,
  channelId: string,
  streamIds: string[],
): Promise<Map<string, MessageStatusEvent[]>> {
  const byStream = new Map<string, MessageStatusEvent[]>()
  if (streamIds.length === 0) return byStream
  const rows = await tx.messageStatusEvent.findMany({
    where: { channelId, streamId: { in: streamIds } },
    orderBy: [{ streamId: 'asc' }, { index: 'asc' }],
  })
  for (const row of rows) {
    const list = byStream.get(row.streamId) ?? []
    list.push(toStatusEvent(row))
    byStream.set(row.streamId, list)
  }
  return byStream
}

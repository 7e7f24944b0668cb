import type { LoggedEvent, LoggedEventType } from '@placet/protocol'
import type { Provider, Tx } from './database.ts'

/** An event about to be logged: its payload without `seq`, which the log assigns. */
export type NewEvent = {
  type: LoggedEventType
  /** The owner of the channel: whose `user:<id>` room and replay it belongs to. */
  userId: string
  channelId: string
  payload: Record<string, unknown>
}

// Any constant: it only has to be the same for every server sharing the database.
const APPEND_LOCK_KEY = 0x706c6574

type EventRow = { seq: number; type: string; channelId: string; payload: string; createdAt: Date }

function toLoggedEvent(row: EventRow): LoggedEvent {
  const payload = { ...(JSON.parse(row.payload) as Record<string, unknown>), seq: row.seq }
  return { seq: row.seq, type: row.type, channelId: row.channelId, createdAt: row.createdAt.toISOString(), payload } as LoggedEvent
}

/**
 * Appends events inside the caller's transaction. On PostgreSQL a transaction-scoped advisory
 * lock makes sequence numbers commit in order, so a reader resuming "after seq N" can never
 * skip an event that committed late with a smaller number. SQLite has one writer anyway.
 */
export async function appendEvents(tx: Tx, provider: Provider, events: NewEvent[]): Promise<LoggedEvent[]> {
  if (events.length === 0) return []
  if (provider === 'postgresql') await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock($1)', APPEND_LOCK_KEY)
  const logged: LoggedEvent[] = []
  for (const event of events) {
    const row = await tx.event.create({
      data: { userId: event.userId, channelId: event.channelId, type: event.type, payload: JSON.stringify(event.payload) },
    })
    logged.push(toLoggedEvent(row))
  }
  return logged
}

/** Events of a user after `after`, optionally of one channel only, in sequence order. */
export async function listEvents(
  tx: Tx,
  query: { userId: string; after: number; channelId?: string; types?: LoggedEventType[]; limit: number },
): Promise<LoggedEvent[]> {
  const rows = await tx.event.findMany({
    where: {
      userId: query.userId,
      seq: { gt: query.after },
      ...(query.channelId ? { channelId: query.channelId } : {}),
      ...(query.types ? { type: { in: query.types } } : {}),
    },
    orderBy: { seq: 'asc' },
    take: query.limit,
  })
  return rows.map(toLoggedEvent)
}

/** The newest sequence number, 0 for an empty log. */
export async function lastEventSeq(tx: Tx): Promise<number> {
  const row = await tx.event.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } })
  return row?.seq ?? 0
}

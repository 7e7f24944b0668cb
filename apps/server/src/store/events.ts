import type { LoggedEvent, LoggedEventType, ServerEventPayload } from '@placet/protocol'
import { sqlOf, type Provider, type Tx } from './database.ts'

/**
 * An event about to be logged, one variant per event name: the payload is the one
 * `ServerToClientEvents` declares for that name, without `seq`, which the log assigns.
 */
export type NewEvent<Type extends LoggedEventType = LoggedEventType> = {
  [Name in Type]: {
    type: Name
    /** The owner of the channel: whose `user:<id>` room and replay it belongs to. */
    userId: string
    channelId: string
    payload: Omit<ServerEventPayload<Name>, 'seq'>
  }
}[Type]

/** A logged event as the server passes it around: plus whose it is (for rooms and replay). */
export type CommittedEvent = LoggedEvent & { userId: string }

// Any constant: it only has to be the same for every server sharing the database.
const APPEND_LOCK_KEY = 0x706c6574

type EventRow = {
  seq: number
  userId: string
  type: string
  channelId: string
  payload: string
  createdAt: Date
}

/**
 * The one place a stored event becomes typed again, hence the one assertion on the event path:
 * rows are written only by {@link appendEvents}, from a {@link NewEvent} whose type checked the
 * payload against its name, and JSON keeps them as they were.
 */
function toLoggedEvent(row: EventRow): LoggedEvent {
  const payload: object = JSON.parse(row.payload)
  return {
    seq: row.seq,
    type: row.type,
    channelId: row.channelId,
    createdAt: row.createdAt.toISOString(),
    payload: { ...payload, seq: row.seq },
  } as LoggedEvent
}

function toCommittedEvent(row: EventRow): CommittedEvent {
  return { ...toLoggedEvent(row), userId: row.userId }
}

const INSERT_AUTOINCREMENT = `INSERT INTO "Event" ("userId", "channelId", "type", "payload", "createdAt")
  VALUES (?, ?, ?, ?, ?) RETURNING "seq"`
/** PostgreSQL: the next number read under the append lock, not SERIAL's (see below). */
const INSERT_NEXT_SEQ = `INSERT INTO "Event" ("seq", "userId", "channelId", "type", "payload", "createdAt")
  VALUES ((SELECT COALESCE(MAX("seq"), 0) + 1 FROM "Event"), ?, ?, ?, ?, ?) RETURNING "seq"`

/**
 * Appends events inside the caller's transaction. On PostgreSQL a transaction-scoped advisory
 * lock makes sequence numbers commit in order, so a reader resuming "after seq N" can never
 * skip an event that committed late with a smaller number. SQLite has one writer anyway.
 *
 * The numbers have no gaps (issue 14). SQLite's AUTOINCREMENT counter rolls back with the
 * transaction. PostgreSQL's SERIAL does not: a transaction that died after its INSERT (a
 * crash, a failed hook) burned its number. So there the number is the log's highest plus one,
 * read under the append lock, which a rollback returns. It can only repeat a number whose
 * event was deleted with its user, whose clients are gone with them.
 */
export async function appendEvents(
  tx: Tx,
  provider: Provider,
  events: NewEvent[],
): Promise<CommittedEvent[]> {
  if (events.length === 0) return []
  const sql = sqlOf(tx)
  if (provider === 'postgresql')
    await sql.query('SELECT pg_advisory_xact_lock(?)', [APPEND_LOCK_KEY])
  const logged: CommittedEvent[] = []
  for (const event of events) {
    // A direct statement, as every change runs it (see findAgent).
    const payload = JSON.stringify(event.payload)
    const createdAt = new Date()
    const [row] = await sql.query<{ seq: number | string }>(
      provider === 'postgresql' ? INSERT_NEXT_SEQ : INSERT_AUTOINCREMENT,
      [event.userId, event.channelId, event.type, payload, createdAt],
    )
    logged.push(toCommittedEvent({ ...event, payload, createdAt, seq: Number(row!.seq) }))
  }
  return logged
}

/** Events of a user after `after`, optionally of one channel only, in sequence order. */
export async function listEvents(
  tx: Tx,
  query: {
    userId: string
    after: number
    channelId?: string
    types?: LoggedEventType[]
    limit: number
  },
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

/** The newest sequence number of a user's channel, 0 when it has none. */
export async function lastChannelSeq(tx: Tx, userId: string, channelId: string): Promise<number> {
  const row = await tx.event.findFirst({
    where: { userId, channelId },
    orderBy: { seq: 'desc' },
    select: { seq: true },
  })
  return row?.seq ?? 0
}

/**
 * The logged event a message's webhook was built from (`message:created` or
 * `review:responded`), for a retry that finds no delivery to re-queue. Payloads are JSON text,
 * so candidates are found by substring and checked exactly.
 */
export async function findMessageEvent(
  tx: Tx,
  query: {
    channelId: string
    messageId: string
    type: 'message:created' | 'review:responded'
    since: Date
  },
): Promise<CommittedEvent | null> {
  const rows = await tx.event.findMany({
    where: {
      channelId: query.channelId,
      type: query.type,
      createdAt: { gte: query.since },
      payload: { contains: `"id":"${query.messageId}"` },
    },
    orderBy: { seq: 'desc' },
    take: 20,
  })
  for (const row of rows) {
    const event = toCommittedEvent(row)
    if ('id' in event.payload && event.payload.id === query.messageId) return event
  }
  return null
}

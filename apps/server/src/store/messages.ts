import type {
  DeliveryStatus,
  Message,
  MessageColor,
  MessageStatusEvent,
  Review,
  ReviewStatus,
  SenderType,
  StreamState,
} from '@placet/protocol'
import { toAttachment, type AttachmentRow } from './attachments.ts'
import type { PrismaNamespace, Provider, Tx } from './database.ts'
import { escapeLikePattern, findSqliteSearchPageIds } from './message-search.ts'

const WITH_ATTACHMENTS = { attachments: { orderBy: { createdAt: 'asc' as const } } }
const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }]

type MessageOnlyRow = Awaited<ReturnType<Tx['message']['findUniqueOrThrow']>>
/** A message row with its files, as every read of this module returns it. */
export type MessageRow = MessageOnlyRow & { attachments: AttachmentRow[] }
/** A message row with the owner of its channel (whose room and log its events belong to). */
export type OwnedMessageRow = MessageRow & { channel: { ownerId: string; name: string } }

/**
 * The wire view of a message (spec 1.5). The review's status is taken from its indexed column,
 * which conditional updates guard, so the JSON can never tell a different story.
 */
export function toMessage(row: MessageRow, statusEvents?: MessageStatusEvent[]): Message {
  const review = row.review as Review | null
  return {
    id: row.id,
    channelId: row.channelId,
    senderType: row.senderType as SenderType,
    senderId: row.senderId,
    text: row.text,
    status: row.status as MessageColor | null,
    review: review
      ? { ...review, status: (row.reviewStatus ?? review.status) as ReviewStatus }
      : null,
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    deliveryStatus: row.deliveryStatus as DeliveryStatus,
    iterationGroupId: row.iterationGroupId,
    iteration: row.iteration,
    clientId: row.clientId,
    streamId: row.streamId,
    streamState: row.streamState as StreamState | null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
    attachments: row.attachments.map(toAttachment),
    ...(statusEvents ? { statusEvents } : {}),
  }
}

const json = (value: unknown) => value as PrismaNamespace.InputJsonValue

/** The review JSON plus the columns copied from it for the inbox and expiry indexes. */
function reviewColumns(review: Review) {
  return {
    review: json(review),
    reviewType: review.type,
    reviewStatus: review.status,
    reviewExpiresAt: new Date(review.expiresAt),
  }
}

export async function findMessageRow(tx: Tx, id: string): Promise<MessageRow | null> {
  return tx.message.findUnique({ where: { id }, include: WITH_ATTACHMENTS })
}

/** The idempotency lookup of spec 2.1: the first message of this sender with this clientId. */
export async function findMessageByClientId(
  tx: Tx,
  channelId: string,
  clientId: string,
  senderType: SenderType,
): Promise<MessageRow | null> {
  return tx.message.findFirst({
    where: { channelId, clientId, senderType },
    orderBy: { createdAt: 'asc' },
    include: WITH_ATTACHMENTS,
  })
}

export async function findMessageByStream(
  tx: Tx,
  channelId: string,
  streamId: string,
): Promise<MessageRow | null> {
  return tx.message.findUnique({
    where: { channelId_streamId: { channelId, streamId } },
    include: WITH_ATTACHMENTS,
  })
}

export type NewMessage = {
  channelId: string
  senderType: SenderType
  senderId: string
  text?: string | null
  status?: MessageColor | null
  review?: Review | null
  metadata?: Record<string, unknown> | null
  iterationGroupId?: string | null
  iteration?: number | null
  clientId?: string | null
  streamId?: string | null
  streamState?: StreamState | null
  createdAt: Date
  updatedAt: Date
}

/** Inserts a message and returns its id (files are linked by the caller, then it is re-read). */
export async function insertMessage(
  tx: Tx,
  { review, metadata, ...data }: NewMessage,
): Promise<string> {
  const row = await tx.message.create({
    data: {
      ...data,
      ...(review ? reviewColumns(review) : {}),
      ...(metadata ? { metadata: json(metadata) } : {}),
    },
    select: { id: true },
  })
  return row.id
}

export type MessageChange = {
  text?: string | null
  streamState?: StreamState
  deliveryStatus?: DeliveryStatus
  iterationGroupId?: string
  iteration?: number
  updatedAt?: Date
}

export async function updateMessage(
  tx: Tx,
  id: string,
  change: MessageChange,
): Promise<MessageRow> {
  return tx.message.update({ where: { id }, data: change, include: WITH_ATTACHMENTS })
}

/**
 * Replaces a pending review, but only while it is still pending: answering, expiring and
 * cancelling race through this one guard, so exactly one of them wins, across servers too.
 */
export async function updateReviewIfPending(
  tx: Tx,
  id: string,
  review: Review,
  at: Date,
): Promise<boolean> {
  const { count } = await tx.message.updateMany({
    where: { id, reviewStatus: 'pending' },
    data: { ...reviewColumns(review), updatedAt: at },
  })
  return count === 1
}

/** The row as {@link updateReviewIfPending} leaves it, without reading it back. */
export function rowWithReview(row: MessageRow, review: Review, at: Date): MessageRow {
  return { ...row, ...reviewColumns(review), review: review as MessageRow['review'], updatedAt: at }
}

export async function deleteMessageRow(tx: Tx, id: string): Promise<void> {
  await tx.message.delete({ where: { id } })
}

// ---------------------------------------------------------------------------------------------
// Pages (spec 2.0): createdAt descending, the cursor is the last id of the previous page.

type Page = { rows: MessageRow[]; nextCursor: string | null }
type MessageWhere = NonNullable<Parameters<Tx['message']['findMany']>[0]>['where']

/** Rows strictly after the cursor row in (createdAt desc, id desc) order; ties are broken by id. */
function afterCursor(cursor: { id: string; createdAt: Date }): MessageWhere {
  return {
    OR: [
      { createdAt: { lt: cursor.createdAt } },
      { createdAt: cursor.createdAt, id: { lt: cursor.id } },
    ],
  }
}

/** One page; null when the cursor is not a message of the same scope. */
async function readPage(
  tx: Tx,
  where: MessageWhere,
  cursor: string | undefined,
  limit: number,
): Promise<Page | null> {
  let after: MessageWhere = {}
  if (cursor) {
    const row = await tx.message.findFirst({
      where: { AND: [where ?? {}, { id: cursor }] },
      select: { id: true, createdAt: true },
    })
    if (!row) return null
    after = afterCursor(row)
  }
  const rows = await tx.message.findMany({
    where: { AND: [where ?? {}, after ?? {}] },
    orderBy: NEWEST_FIRST,
    take: limit,
    include: WITH_ATTACHMENTS,
  })
  return { rows, nextCursor: rows.length === limit ? rows[rows.length - 1]!.id : null }
}

export type MessagePageQuery = {
  channelId: string
  limit: number
  cursor?: string
  search?: string
  hasAttachments?: boolean
}

/** A page of a channel; `search` is a literal, case-insensitive substring (message-search.ts). */
export async function listMessageRows(
  tx: Tx,
  provider: Provider,
  query: MessagePageQuery,
): Promise<Page | null> {
  const where: MessageWhere = {
    channelId: query.channelId,
    ...(query.hasAttachments ? { attachments: { some: {} } } : {}),
  }
  if (!query.search) return readPage(tx, where, query.cursor, query.limit)
  if (provider === 'postgresql') {
    // The SQLite client's types lack `mode`; the PostgreSQL client (same models) has it.
    const text = { contains: escapeLikePattern(query.search), mode: 'insensitive' } as {
      contains: string
    }
    return readPage(tx, { ...where, text }, query.cursor, query.limit)
  }
  if (
    query.cursor &&
    !(await tx.message.findFirst({
      where: { id: query.cursor, channelId: query.channelId },
      select: { id: true },
    }))
  ) {
    return null
  }
  const ids = await findSqliteSearchPageIds(tx, {
    channelId: query.channelId,
    search: query.search,
    hasAttachments: query.hasAttachments ?? false,
    cursorId: query.cursor,
    limit: query.limit,
  })
  const found = await tx.message.findMany({ where: { id: { in: ids } }, include: WITH_ATTACHMENTS })
  const byId = new Map(found.map((row) => [row.id, row]))
  const rows = ids.flatMap((id) => byId.get(id) ?? [])
  return { rows, nextCursor: ids.length === query.limit ? ids[ids.length - 1]! : null }
}

export type ReviewPageQuery = {
  ownerId: string
  channelId?: string
  status: ReviewStatus | 'all'
  limit: number
  cursor?: string
}

/**
 * Reviews across a user's channels, newest first, on the indexed `reviewStatus` column (spec
 * 9.2.5: Placet filters the whole set in memory).
 */
export async function listReviewRows(tx: Tx, query: ReviewPageQuery): Promise<Page | null> {
  const where: MessageWhere = {
    channel: { ownerId: query.ownerId },
    ...(query.channelId ? { channelId: query.channelId } : {}),
    reviewStatus: query.status === 'all' ? { not: null } : query.status,
  }
  return readPage(tx, where, query.cursor, query.limit)
}

/** Pending reviews of a user's channels (or one channel), newest first, unpaginated (spec 2.2). */
export async function listPendingReviewRows(
  tx: Tx,
  query: { ownerId: string; channelId?: string },
): Promise<MessageRow[]> {
  return tx.message.findMany({
    where: {
      channel: { ownerId: query.ownerId },
      ...(query.channelId ? { channelId: query.channelId } : {}),
      reviewStatus: 'pending',
    },
    orderBy: NEWEST_FIRST,
    include: WITH_ATTACHMENTS,
  })
}

// ---------------------------------------------------------------------------------------------
// Deadlines: review expiry and stale stream drafts, both read through their indexes.

export async function findEarliestPendingExpiry(tx: Tx): Promise<Date | null> {
  const row = await tx.message.findFirst({
    where: { reviewStatus: 'pending' },
    orderBy: { reviewExpiresAt: 'asc' },
    select: { reviewExpiresAt: true },
  })
  return row?.reviewExpiresAt ?? null
}

export async function findOverdueReviewRows(
  tx: Tx,
  now: Date,
  limit: number,
): Promise<OwnedMessageRow[]> {
  return tx.message.findMany({
    where: { reviewStatus: 'pending', reviewExpiresAt: { lte: now } },
    orderBy: { reviewExpiresAt: 'asc' },
    take: limit,
    include: { ...WITH_ATTACHMENTS, channel: { select: { ownerId: true, name: true } } },
  })
}

export async function findEarliestDraftUpdate(tx: Tx): Promise<Date | null> {
  const row = await tx.message.findFirst({
    where: { streamState: 'streaming' },
    orderBy: { updatedAt: 'asc' },
    select: { updatedAt: true },
  })
  return row?.updatedAt ?? null
}

export async function findStaleDraftRows(
  tx: Tx,
  updatedBefore: Date,
  limit: number,
): Promise<OwnedMessageRow[]> {
  return tx.message.findMany({
    where: { streamState: 'streaming', updatedAt: { lt: updatedBefore } },
    orderBy: { updatedAt: 'asc' },
    take: limit,
    include: { ...WITH_ATTACHMENTS, channel: { select: { ownerId: true, name: true } } },
  })
}

/** Aborts a draft only if it is still streaming and still stale (a PATCH may have just landed). */
export async function abortDraftIfStale(
  tx: Tx,
  id: string,
  updatedBefore: Date,
  at: Date,
): Promise<boolean> {
  const { count } = await tx.message.updateMany({
    where: { id, streamState: 'streaming', updatedAt: { lt: updatedBefore } },
    data: { streamState: 'aborted', updatedAt: at },
  })
  return count === 1
}

/** Start-up clean-up (spec 2.1): drafts left streaming by a previous process, no events. */
export async function abortStaleDraftsSilently(tx: Tx, updatedBefore: Date): Promise<number> {
  const { count } = await tx.message.updateMany({
    where: { streamState: 'streaming', updatedAt: { lt: updatedBefore } },
    data: { streamState: 'aborted' },
  })
  return count
}

// ---------------------------------------------------------------------------------------------
// Iteration groups (spec 1.7)

export async function findMaxIteration(tx: Tx, groupId: string): Promise<number | null> {
  const result = await tx.message.aggregate({
    where: { iterationGroupId: groupId },
    _max: { iteration: true },
  })
  return result._max.iteration
}

export async function countGroupMembers(tx: Tx, groupId: string): Promise<number> {
  return tx.message.count({ where: { iterationGroupId: groupId } })
}

export async function listGroupRows(tx: Tx, groupId: string): Promise<MessageRow[]> {
  return tx.message.findMany({
    where: { iterationGroupId: groupId },
    orderBy: { iteration: 'asc' },
    include: WITH_ATTACHMENTS,
  })
}

import type {
  DeliveryStatus,
  Message,
  MessageColor,
  MessageStatusEvent,
  Review,
  ReviewStatus,
  ReviewType,
  SenderType,
  StreamState,
} from '@placet/protocol'
import {
  toAttachment,
  toAttachmentRecord,
  type AttachmentRecord,
  type AttachmentRow,
} from './attachments.ts'
import { sqlOf, type Tx } from './database.ts'
import { columnDate, columnJson, columnOptionalDate, type DriverRow } from './direct-sql.ts'
import { newRowId } from './row-ids.ts'

export const WITH_ATTACHMENTS = { attachments: { orderBy: { createdAt: 'asc' as const } } }
export const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }]

type MessageRow = Awaited<ReturnType<Tx['message']['findUniqueOrThrow']>>

/** A message with its files, as every read of this module returns it; the review is raw. */
export type MessageRecord = {
  id: string
  channelId: string
  senderType: SenderType
  senderId: string
  text: string | null
  status: MessageColor | null
  review: Review | null
  reviewType: ReviewType | null
  reviewStatus: ReviewStatus | null
  reviewExpiresAt: Date | null
  metadata: Record<string, unknown> | null
  deliveryStatus: DeliveryStatus
  iterationGroupId: string | null
  iteration: number | null
  clientId: string | null
  streamId: string | null
  streamState: StreamState | null
  createdAt: Date
  updatedAt: Date | null
  attachments: AttachmentRecord[]
}

/** A message with the owner of its channel (whose room and log its events belong to). */
export type OwnedMessageRecord = MessageRecord & { channel: { ownerId: string; name: string } }

export function toMessageRecord(
  row: DriverRow<MessageRow> & { attachments: DriverRow<AttachmentRow>[] },
): MessageRecord {
  return {
    id: row.id,
    channelId: row.channelId,
    senderType: row.senderType as SenderType,
    senderId: row.senderId,
    text: row.text,
    status: row.status as MessageColor | null,
    review: columnJson<Review>(row.review),
    reviewType: row.reviewType as ReviewType | null,
    reviewStatus: row.reviewStatus as ReviewStatus | null,
    reviewExpiresAt: columnOptionalDate(row.reviewExpiresAt),
    metadata: columnJson<Record<string, unknown>>(row.metadata),
    deliveryStatus: row.deliveryStatus as DeliveryStatus,
    iterationGroupId: row.iterationGroupId,
    iteration: row.iteration === null ? null : Number(row.iteration),
    clientId: row.clientId,
    streamId: row.streamId,
    streamState: row.streamState as StreamState | null,
    createdAt: columnDate(row.createdAt),
    updatedAt: columnOptionalDate(row.updatedAt),
    attachments: row.attachments.map(toAttachmentRecord),
  }
}

function toOwnedMessageRecord(
  row: MessageRow & { attachments: AttachmentRow[]; channel: { ownerId: string; name: string } },
): OwnedMessageRecord {
  return {
    ...toMessageRecord(row),
    channel: { ownerId: row.channel.ownerId, name: row.channel.name },
  }
}

/**
 * The wire view of a message (spec 1.5). The review's status is taken from its indexed column,
 * which conditional updates guard, so the JSON can never tell a different story.
 */
export function toMessage(message: MessageRecord, statusEvents?: MessageStatusEvent[]): Message {
  const review = message.review
  return {
    id: message.id,
    channelId: message.channelId,
    senderType: message.senderType,
    senderId: message.senderId,
    text: message.text,
    status: message.status,
    review: review ? { ...review, status: message.reviewStatus ?? review.status } : null,
    metadata: message.metadata,
    deliveryStatus: message.deliveryStatus,
    iterationGroupId: message.iterationGroupId,
    iteration: message.iteration,
    clientId: message.clientId,
    streamId: message.streamId,
    streamState: message.streamState,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt?.toISOString() ?? null,
    attachments: message.attachments.map(toAttachment),
    ...(statusEvents ? { statusEvents } : {}),
  }
}

/** Read by every answer and long-poll: direct statements, like findAgent (issue 12). */
export async function findMessage(tx: Tx, id: string): Promise<MessageRecord | null> {
  const sql = sqlOf(tx)
  const [row] = await sql.query<DriverRow<MessageRow>>('SELECT * FROM "Message" WHERE "id" = ?', [
    id,
  ])
  if (!row) return null
  const attachments = await sql.query<DriverRow<AttachmentRow>>(
    'SELECT * FROM "Attachment" WHERE "messageId" = ? ORDER BY "createdAt" ASC',
    [id],
  )
  return toMessageRecord({ ...row, attachments })
}

/** The idempotency lookup of spec 2.1: the first message of this sender with this clientId. */
export async function findMessageByClientId(
  tx: Tx,
  channelId: string,
  clientId: string,
  senderType: SenderType,
): Promise<MessageRecord | null> {
  const row = await tx.message.findFirst({
    where: { channelId, clientId, senderType },
    orderBy: { createdAt: 'asc' },
    include: WITH_ATTACHMENTS,
  })
  return row && toMessageRecord(row)
}

export async function findMessageByStream(
  tx: Tx,
  channelId: string,
  streamId: string,
): Promise<MessageRecord | null> {
  const row = await tx.message.findUnique({
    where: { channelId_streamId: { channelId, streamId } },
    include: WITH_ATTACHMENTS,
  })
  return row && toMessageRecord(row)
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

/**
 * Inserts a message and returns it as stored, without files: a caller that links files re-reads
 * it with {@link findMessage}; one that links none needs no second query (issue 12).
 */
export async function insertMessage(
  tx: Tx,
  { review, metadata, ...data }: NewMessage,
): Promise<MessageRecord> {
  // A direct statement: the model create of this wide row cost ~2 ms of Prisma compilation per
  // post on this machine, most of an agent's post (issue 12). The JSON columns take their text.
  const row = {
    id: newRowId(),
    channelId: data.channelId,
    senderType: data.senderType,
    senderId: data.senderId,
    text: data.text ?? null,
    status: data.status ?? null,
    review: review ?? null,
    reviewType: review?.type ?? null,
    reviewStatus: review?.status ?? null,
    reviewExpiresAt: review ? new Date(review.expiresAt) : null,
    metadata: metadata ?? null,
    deliveryStatus: 'sent',
    iterationGroupId: data.iterationGroupId ?? null,
    iteration: data.iteration ?? null,
    clientId: data.clientId ?? null,
    streamId: data.streamId ?? null,
    streamState: data.streamState ?? null,
    createdAt: data.createdAt,
    updatedAt: data.updatedAt,
  } satisfies Omit<MessageRecord, 'attachments'>
  const reviewText = review ? JSON.stringify(review) : null
  const metadataText = metadata ? JSON.stringify(metadata) : null
  await sqlOf(tx).execute(
    `INSERT INTO "Message" ("id", "channelId", "senderType", "senderId", "text", "status",
      "review", "reviewType", "reviewStatus", "reviewExpiresAt", "metadata", "deliveryStatus",
      "iterationGroupId", "iteration", "clientId", "streamId", "streamState", "createdAt",
      "updatedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.id,
      row.channelId,
      row.senderType,
      row.senderId,
      row.text,
      row.status,
      reviewText,
      row.reviewType,
      row.reviewStatus,
      row.reviewExpiresAt,
      metadataText,
      row.deliveryStatus,
      row.iterationGroupId,
      row.iteration,
      row.clientId,
      row.streamId,
      row.streamState,
      row.createdAt,
      row.updatedAt,
    ],
  )
  return { ...row, attachments: [] }
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
): Promise<MessageRecord> {
  return toMessageRecord(
    await tx.message.update({ where: { id }, data: change, include: WITH_ATTACHMENTS }),
  )
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
  // A direct statement: every answer runs it (see insertMessage).
  const count = await sqlOf(tx).execute(
    `UPDATE "Message"
    SET "review" = ?, "reviewType" = ?, "reviewStatus" = ?, "reviewExpiresAt" = ?, "updatedAt" = ?
    WHERE "id" = ? AND "reviewStatus" = 'pending'`,
    [JSON.stringify(review), review.type, review.status, new Date(review.expiresAt), at, id],
  )
  return count === 1
}

/** The message as {@link updateReviewIfPending} leaves it, without reading it back. */
export function withReview(message: MessageRecord, review: Review, at: Date): MessageRecord {
  return {
    ...message,
    review,
    reviewType: review.type,
    reviewStatus: review.status,
    reviewExpiresAt: new Date(review.expiresAt),
    updatedAt: at,
  }
}

export async function deleteMessage(tx: Tx, id: string): Promise<void> {
  await tx.message.delete({ where: { id } })
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

export async function findOverdueReviews(
  tx: Tx,
  now: Date,
  limit: number,
): Promise<OwnedMessageRecord[]> {
  const rows = await tx.message.findMany({
    where: { reviewStatus: 'pending', reviewExpiresAt: { lte: now } },
    orderBy: { reviewExpiresAt: 'asc' },
    take: limit,
    include: { ...WITH_ATTACHMENTS, channel: { select: { ownerId: true, name: true } } },
  })
  return rows.map(toOwnedMessageRecord)
}

export async function findEarliestDraftUpdate(tx: Tx): Promise<Date | null> {
  const row = await tx.message.findFirst({
    where: { streamState: 'streaming' },
    orderBy: { updatedAt: 'asc' },
    select: { updatedAt: true },
  })
  return row?.updatedAt ?? null
}

export async function findStaleDrafts(
  tx: Tx,
  updatedBefore: Date,
  limit: number,
): Promise<OwnedMessageRecord[]> {
  const rows = await tx.message.findMany({
    where: { streamState: 'streaming', updatedAt: { lt: updatedBefore } },
    orderBy: { updatedAt: 'asc' },
    take: limit,
    include: { ...WITH_ATTACHMENTS, channel: { select: { ownerId: true, name: true } } },
  })
  return rows.map(toOwnedMessageRecord)
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

export async function listGroupMessages(tx: Tx, groupId: string): Promise<MessageRecord[]> {
  const rows = await tx.message.findMany({
    where: { iterationGroupId: groupId },
    orderBy: { iteration: 'asc' },
    include: WITH_ATTACHMENTS,
  })
  return rows.map(toMessageRecord)
}

import type { ReviewStatus } from '@placet/protocol'
import type { Provider, Tx } from './database.ts'
import { escapeLikePattern, findSqliteSearchPageIds } from './message-search.ts'
import { NEWEST_FIRST, WITH_ATTACHMENTS, toMessageRecord, type MessageRecord } from './messages.ts'

// ---------------------------------------------------------------------------------------------
// Pages (spec 2.0): createdAt descending, the cursor is the last id of the previous page.

type Page = { messages: MessageRecord[]; nextCursor: string | null }
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
  return {
    messages: rows.map(toMessageRecord),
    nextCursor: rows.length === limit ? rows[rows.length - 1]!.id : null,
  }
}

export type MessagePageQuery = {
  channelId: string
  limit: number
  cursor?: string
  search?: string
  hasAttachments?: boolean
}

/** A page of a channel; `search` is a literal, case-insensitive substring (message-search.ts). */
export async function listMessages(
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
  const byId = new Map(found.map((row) => [row.id, toMessageRecord(row)]))
  const messages = ids.flatMap((id) => byId.get(id) ?? [])
  return { messages, nextCursor: ids.length === query.limit ? ids[ids.length - 1]! : null }
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
export async function listReviews(tx: Tx, query: ReviewPageQuery): Promise<Page | null> {
  const where: MessageWhere = {
    channel: { ownerId: query.ownerId },
    ...(query.channelId ? { channelId: query.channelId } : {}),
    reviewStatus: query.status === 'all' ? { not: null } : query.status,
  }
  return readPage(tx, where, query.cursor, query.limit)
}

/** How many of a user's reviews stand in each status. */
export async function countReviews(tx: Tx, ownerId: string): Promise<Record<ReviewStatus, number>> {
  const groups = await tx.message.groupBy({
    by: ['reviewStatus'],
    where: { channel: { ownerId }, reviewStatus: { not: null } },
    _count: { _all: true },
  })
  const counts: Record<ReviewStatus, number> = {
    pending: 0,
    completed: 0,
    expired: 0,
    cancelled: 0,
  }
  for (const group of groups)
    if (group.reviewStatus && group.reviewStatus in counts)
      counts[group.reviewStatus as ReviewStatus] = group._count._all
  return counts
}

/** Pending reviews of a user's channels (or one channel), newest first, unpaginated (spec 2.2). */
export async function listPendingReviews(
  tx: Tx,
  query: { ownerId: string; channelId?: string },
): Promise<MessageRecord[]> {
  const rows = await tx.message.findMany({
    where: {
      channel: { ownerId: query.ownerId },
      ...(query.channelId ? { channelId: query.channelId } : {}),
      reviewStatus: 'pending',
    },
    orderBy: NEWEST_FIRST,
    include: WITH_ATTACHMENTS,
  })
  return rows.map(toMessageRecord)
}

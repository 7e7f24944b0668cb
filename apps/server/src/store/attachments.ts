import type { Attachment } from '@placet/protocol'
import type { PrismaNamespace, Provider, Tx } from './database.ts'
import { escapeLikePattern } from './message-search.ts'
import { columnDate, columnJson, type DriverRow } from './direct-sql.ts'
import { writeExactJson } from './exact-json.ts'

export type AttachmentRow = Awaited<ReturnType<Tx['attachment']['findUniqueOrThrow']>>

/** A file as the store hands it out; `size` is a BigInt column, read as a number. */
export type AttachmentRecord = {
  id: string
  messageId: string | null
  channelId: string
  pluginType: string
  filename: string
  mimeType: string
  size: number
  storageKey: string
  pluginData: Record<string, unknown> | null
  createdAt: Date
}

export function toAttachmentRecord(row: DriverRow<AttachmentRow>): AttachmentRecord {
  return {
    id: row.id,
    messageId: row.messageId,
    channelId: row.channelId,
    pluginType: row.pluginType,
    filename: row.filename,
    mimeType: row.mimeType,
    size: Number(row.size),
    storageKey: row.storageKey,
    pluginData: columnJson<Record<string, unknown>>(row.pluginData),
    createdAt: columnDate(row.createdAt),
  }
}

/** The wire view of a file (spec 1.8). */
export function toAttachment(file: AttachmentRecord): Attachment {
  return {
    id: file.id,
    messageId: file.messageId,
    channelId: file.channelId,
    pluginType: file.pluginType,
    filename: file.filename,
    mimeType: file.mimeType,
    size: file.size,
    storageKey: file.storageKey,
    pluginData: file.pluginData,
    createdAt: file.createdAt.toISOString(),
  }
}

/** `@uax/image` for images, `@uax/file` for everything else (spec 1.8). */
export function pluginTypeOf(mimeType: string): string {
  return mimeType.startsWith('image/') ? '@uax/image' : '@uax/file'
}

/**
 * Links attachments to a message, but only orphans of the same channel; other ids are silently
 * ignored (spec 1.8), so nobody can steal a file of another channel or message.
 */
export async function linkOrphanAttachments(
  tx: Tx,
  channelId: string,
  messageId: string,
  ids: string[],
): Promise<number> {
  if (ids.length === 0) return 0
  const { count } = await tx.attachment.updateMany({
    where: { id: { in: ids }, channelId, messageId: null },
    data: { messageId },
  })
  return count
}

export type NewAttachment = {
  messageId: string | null
  channelId: string
  filename: string
  mimeType: string
  size: number
  storageKey: string
  pluginData?: Record<string, unknown>
}

export async function insertAttachment(tx: Tx, data: NewAttachment): Promise<AttachmentRecord> {
  const row = await tx.attachment.create({
    data: {
      ...data,
      size: BigInt(data.size),
      pluginType: pluginTypeOf(data.mimeType),
      pluginData: data.pluginData as PrismaNamespace.InputJsonValue | undefined,
    },
  })
  await writeExactJson(tx, 'Attachment', row.id, 'pluginData', data.pluginData)
  return { ...toAttachmentRecord(row), pluginData: data.pluginData ?? null }
}

/** Storage keys of a message's files, read before a delete cascades the rows away. */
export async function listStorageKeysOfMessage(tx: Tx, messageId: string): Promise<string[]> {
  const rows = await tx.attachment.findMany({ where: { messageId }, select: { storageKey: true } })
  return rows.map((row) => row.storageKey)
}

/** Storage keys of every file of a channel, read before deleting the channel cascades them. */
export async function listStorageKeysOfChannel(tx: Tx, channelId: string): Promise<string[]> {
  const rows = await tx.attachment.findMany({ where: { channelId }, select: { storageKey: true } })
  return rows.map((row) => row.storageKey)
}

/** Storage keys of every file in the channels of a user, read before the user is deleted. */
export async function listStorageKeysOfOwner(tx: Tx, ownerId: string): Promise<string[]> {
  const rows = await tx.attachment.findMany({
    where: { channel: { ownerId } },
    select: { storageKey: true },
  })
  return rows.map((row) => row.storageKey)
}

/** The files with these ids that are in a channel of `ownerId`; others are left out. */
export async function findOwnedAttachments(
  tx: Tx,
  ownerId: string,
  ids: string[],
): Promise<AttachmentRecord[]> {
  const rows = await tx.attachment.findMany({
    where: { id: { in: ids }, channel: { ownerId } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map(toAttachmentRecord)
}

export async function findAttachment(tx: Tx, id: string): Promise<AttachmentRecord | null> {
  const row = await tx.attachment.findUnique({ where: { id } })
  return row ? toAttachmentRecord(row) : null
}

/** Every file of a channel, newest first (spec 2.5: not paginated). */
export async function listChannelAttachments(
  tx: Tx,
  channelId: string,
): Promise<AttachmentRecord[]> {
  const rows = await tx.attachment.findMany({ where: { channelId }, orderBy: NEWEST_FIRST })
  return rows.map(toAttachmentRecord)
}

export async function deleteAttachments(tx: Tx, ids: string[]): Promise<void> {
  await tx.attachment.deleteMany({ where: { id: { in: ids } } })
}

const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }]

export type GalleryQuery = {
  ownerId: string
  mimePrefix?: string
  channelId?: string
  search?: string
  limit: number
  cursor?: string
}

export type GalleryRecord = AttachmentRecord & {
  message: { channelId: string; createdAt: Date } | null
}

type AttachmentWhere = NonNullable<Parameters<Tx['attachment']['findMany']>[0]>['where']

/**
 * A page of the gallery (spec 3.6), newest first; the cursor is the last id of the previous
 * page, and null comes back when it is not one of the owner's files. The name search is
 * case-insensitive (ASCII on SQLite, where `%` and `_` in it also act as LIKE wildcards).
 */
export async function listGalleryPage(
  tx: Tx,
  provider: Provider,
  query: GalleryQuery,
): Promise<{ files: GalleryRecord[]; nextCursor: string | null } | null> {
  const filename = query.search
    ? provider === 'postgresql'
      ? // The SQLite client's types lack `mode`; the PostgreSQL client (same models) has it.
        ({ contains: escapeLikePattern(query.search), mode: 'insensitive' } as { contains: string })
      : { contains: query.search }
    : undefined
  const where: AttachmentWhere = {
    channel: { ownerId: query.ownerId },
    ...(query.channelId ? { channelId: query.channelId } : {}),
    ...(query.mimePrefix ? { mimeType: { startsWith: query.mimePrefix } } : {}),
    ...(filename ? { filename } : {}),
  }
  let after: AttachmentWhere = {}
  if (query.cursor) {
    const at = await tx.attachment.findFirst({
      where: { id: query.cursor, channel: { ownerId: query.ownerId } },
      select: { id: true, createdAt: true },
    })
    if (!at) return null
    after = {
      OR: [{ createdAt: { lt: at.createdAt } }, { createdAt: at.createdAt, id: { lt: at.id } }],
    }
  }
  const rows = await tx.attachment.findMany({
    where: { AND: [where, after] },
    orderBy: NEWEST_FIRST,
    take: query.limit,
    include: { message: { select: { channelId: true, createdAt: true } } },
  })
  return {
    files: rows.map((row) => ({ ...toAttachmentRecord(row), message: row.message })),
    nextCursor: rows.length === query.limit ? rows[rows.length - 1]!.id : null,
  }
}

import type { Attachment } from '@placet/protocol'
import type { PrismaNamespace, Tx } from './database.ts'
import { writeExactJson } from './exact-json.ts'

type AttachmentRow = Awaited<ReturnType<Tx['attachment']['findUniqueOrThrow']>>

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

export function toAttachmentRecord(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    messageId: row.messageId,
    channelId: row.channelId,
    pluginType: row.pluginType,
    filename: row.filename,
    mimeType: row.mimeType,
    size: Number(row.size),
    storageKey: row.storageKey,
    pluginData: (row.pluginData as Record<string, unknown> | null) ?? null,
    createdAt: row.createdAt,
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

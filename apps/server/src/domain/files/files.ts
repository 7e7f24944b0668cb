import type {
  Attachment,
  FileGalleryPage,
  FileGalleryQuery,
  ShareLink,
  StoreTextBody,
  UploadFields,
} from '@placet/protocol'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import type { Config } from '../../config.ts'
import {
  deleteAttachments,
  findAttachment,
  findOwnedAttachments,
  insertAttachment,
  listChannelAttachments,
  listGalleryPage,
  toAttachment,
  type AttachmentRecord,
} from '../../store/attachments.ts'
import type { Database } from '../../store/database.ts'
import { findMessage, toMessage } from '../../store/messages.ts'
import { findAgent } from '../../store/agents.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'
import type { EventLog } from '../events/event-log.ts'
import { emitMessage } from '../events/message-events.ts'
import type { MessagePosting } from '../messages/message-posting.ts'
import { withTextContentEach } from '../messages/message-views.ts'
import { ByteLimit } from './byte-limit.ts'
import { archiveFiles } from './file-archive.ts'
import { cleanFilename, cleanMimeType } from './file-names.ts'
import { newStorageKey, type ByteRange, type FileStorage, type StoredFile } from './file-storage.ts'
import { SHARE_TTL_SECONDS, ShareLinks } from './share-links.ts'
import { writeTextFile } from './text-content.ts'

/** A file's record as the edges see it (they may not import store/). */
export type FileRecord = AttachmentRecord

/** A file arriving in a request: its bytes as a stream, and what the client says it is. */
export type IncomingFile = { stream: Readable; filename?: string; mimeType?: string }

/**
 * Files (spec 1.8, 2.5, 3.6; issue 11). Bytes are streamed to storage under a key of our own
 * before any row is written; a row that cannot be written takes its object with it, and a
 * deleted row removes its object, so storage never keeps what the database forgot.
 * Ownership is checked on every call: another user's file is 404, by id, in a list of ids, or
 * behind a forged or expired share token.
 */
export class FileService {
  private readonly shareLinks: ShareLinks

  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly storage: FileStorage,
    private readonly posting: MessagePosting,
    private readonly config: Config,
  ) {
    this.shareLinks = new ShareLinks(config.auth.jwtSecret)
  }

  /**
   * Streams an incoming file to storage, refusing it with a 413 past MAX_UPLOAD_MB. On any
   * failure nothing is kept; on success the caller must attach it or {@link discard} it.
   */
  async receive(file: IncomingFile): Promise<StoredFile> {
    const limit = new ByteLimit(this.config.files.maxUploadBytes)
    const mimeType = cleanMimeType(file.mimeType)
    const storageKey = newStorageKey()
    // pipeline() destroys the source too when the limit or the storage fails.
    const body = pipeline(file.stream, limit, () => undefined)
    await this.storage.write(storageKey, body, mimeType)
    return { filename: cleanFilename(file.filename), mimeType, size: limit.bytes, storageKey }
  }

  async discard(files: StoredFile[]): Promise<void> {
    await this.storage.remove(files.map((file) => file.storageKey))
  }

  /** `POST /api/v1/files/upload` (spec 2.5): a new agent message carrying the file. */
  async uploadAsAgent(userId: string, fields: UploadFields, file: StoredFile): Promise<Attachment> {
    const message = await this.keepOnlyIfStored([file], () =>
      this.posting.createFromAgent(userId, { channelId: fields.channelId }, [file]),
    )
    return message.attachments.find((attachment) => attachment.storageKey === file.storageKey)!
  }

  /** `POST /api/files/upload` (spec 3.6): a person's message with the file and optional text. */
  async uploadAsUser(userId: string, fields: UploadFields, file: StoredFile): Promise<Attachment> {
    const message = await this.keepOnlyIfStored([file], () =>
      this.posting.createFromUser(
        userId,
        { channelId: fields.channelId, ...(fields.text ? { text: fields.text } : {}) },
        [file],
      ),
    )
    return message.attachments.find((attachment) => attachment.storageKey === file.storageKey)!
  }

  /** `POST /api/v1/files/store`, `POST /api/files/store`: an orphan, linked later by id. */
  async storeOrphan(userId: string, channelId: string, file: StoredFile): Promise<Attachment> {
    const record = await this.keepOnlyIfStored([file], () =>
      this.db.transaction(async (tx) => {
        const agent = await requireOwnedChannel(tx, userId, channelId)
        return insertAttachment(tx, { ...file, messageId: null, channelId: agent.id })
      }),
    )
    return toAttachment(record)
  }

  /** `POST /api/v1/files/store-text` (spec 2.5): an orphan text file. */
  async storeText(userId: string, body: StoreTextBody): Promise<Attachment> {
    // Checked first so a stranger's call stores nothing, not even for a moment.
    await this.db.read((tx) => requireOwnedChannel(tx, userId, body.channelId))
    const file = await writeTextFile(this.storage, body)
    return this.storeOrphan(userId, body.channelId, file)
  }

  /** `GET /api/v1/files?channel=` (spec 2.5), with `textContent` on small text files. */
  async listForAgent(userId: string, channelId: string): Promise<Attachment[]> {
    const records = await this.db.read(async (tx) => {
      const agent = await requireOwnedChannel(tx, userId, channelId)
      return listChannelAttachments(tx, agent.id)
    })
    return withTextContentEach(this.storage, records.map(toAttachment))
  }

  /** `GET /api/files` (spec 3.6): the gallery across the caller's channels. */
  async gallery(userId: string, query: FileGalleryQuery): Promise<FileGalleryPage> {
    const page = await this.db.read((tx) =>
      listGalleryPage(tx, this.db.provider, {
        ownerId: userId,
        limit: query.limit,
        ...(query.type ? { mimePrefix: query.type.toLowerCase() } : {}),
        ...(query.agent ? { channelId: query.agent } : {}),
        ...(query.search ? { search: query.search } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }),
    )
    if (!page) throw new AppError(400, 'Invalid cursor')
    return {
      data: page.files.map((file) => ({
        ...toAttachment(file),
        message: file.message
          ? { channelId: file.message.channelId, createdAt: file.message.createdAt.toISOString() }
          : null,
      })),
      nextCursor: page.nextCursor,
    }
  }

  /** One of the caller's files, or 404 "Attachment not found" (never a hint that it exists). */
  async findOwned(userId: string, id: string): Promise<AttachmentRecord> {
    const [file] = await this.db.read((tx) => findOwnedAttachments(tx, userId, [id]))
    if (!file) throw new AppError(404, 'Attachment not found')
    return file
  }

  /** The bytes of a file found with {@link findOwned} or {@link findShared}. */
  open(file: AttachmentRecord, range?: ByteRange): Promise<Readable> {
    return this.storage.read(file.storageKey, range)
  }

  /** `GET /api/files/:id/share` (spec 3.6). */
  async share(userId: string, id: string): Promise<ShareLink> {
    const file = await this.findOwned(userId, id)
    const token = await this.shareLinks.sign(file.id)
    return { url: `${this.config.http.appUrl}/api/share/${token}`, expiresIn: SHARE_TTL_SECONDS }
  }

  /** `GET /api/share/:token`: the file of a valid token; 404 for anything else. */
  async findShared(token: string): Promise<AttachmentRecord> {
    const id = await this.shareLinks.verify(token)
    const file = id ? await this.db.read((tx) => findAttachment(tx, id)) : null
    if (!file) throw new AppError(404, 'Attachment not found')
    return file
  }

  /** `POST /api/files/bulk-download` (spec 3.6): a ZIP stream of the caller's files. */
  async archive(userId: string, ids: string[]): Promise<Readable> {
    const files = await this.requireAllOwned(userId, ids)
    return archiveFiles(this.storage, files)
  }

  /**
   * `DELETE /api/files/:id` and `POST /api/files/bulk-delete` (spec 3.6): all or nothing. The
   * rows go first, then the objects; a message that lost a file is announced as updated.
   */
  async delete(userId: string, ids: string[]): Promise<number> {
    const files = await this.eventLog.change(async (tx, emit) => {
      const owned = await findOwnedAttachments(tx, userId, [...new Set(ids)])
      if (owned.length !== new Set(ids).size) throw new AppError(404, 'Attachment not found')
      await deleteAttachments(
        tx,
        owned.map((file) => file.id),
      )
      const messageIds = new Set(owned.flatMap((file) => (file.messageId ? [file.messageId] : [])))
      for (const messageId of messageIds) {
        const row = await findMessage(tx, messageId)
        const agent = row ? await findAgent(tx, row.channelId) : null
        if (row && agent) emitMessage(emit, 'message:updated', toMessage(row), agent)
      }
      return owned
    })
    await this.discard(files)
    return files.length
  }

  private async requireAllOwned(userId: string, ids: string[]): Promise<AttachmentRecord[]> {
    const unique = [...new Set(ids)]
    const files = await this.db.read((tx) => findOwnedAttachments(tx, userId, unique))
    if (files.length !== unique.length) throw new AppError(404, 'Attachment not found')
    return files
  }

  /** Runs the step that writes the row; when it fails, the stored objects are removed. */
  private async keepOnlyIfStored<Result>(
    files: StoredFile[],
    step: () => Promise<Result>,
  ): Promise<Result> {
    try {
      return await step()
    } catch (error) {
      await this.discard(files)
      throw error
    }
  }
}

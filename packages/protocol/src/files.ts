import { z } from 'zod'
import { Id, IsoDate } from './common.js'
import { Attachment, TextAttachment } from './messages.js'

/**
 * The text fields of a multipart upload (`POST /api/v1/files/upload|store`, `POST
 * /api/files/upload|store`, spec 2.5, 3.6); the file itself is the part named `file`.
 *
 * @example
 * UploadFields.parse({ channelId: 'clxyz456', text: 'The screenshot' })
 */
export const UploadFields = z.object({
  channelId: Id,
  /** Only the dashboard's upload uses it: the text of the person's message. */
  text: z.string().max(1_000_000).optional(),
})
export type UploadFields = z.infer<typeof UploadFields>

/**
 * `POST /api/v1/files/store-text` (spec 2.5): an orphan text file, linked later with
 * `attachmentIds`.
 *
 * @example
 * StoreTextBody.parse({ channelId: 'clxyz456', content: '# Report', filename: 'report.md' })
 */
export const StoreTextBody = TextAttachment.extend({ channelId: Id })
export type StoreTextBody = z.infer<typeof StoreTextBody>

/**
 * `GET /api/v1/files?channel=` (spec 2.5): every file of one channel, newest first.
 *
 * @example
 * ListChannelFilesQuery.parse({ channel: 'clxyz456' })
 */
export const ListChannelFilesQuery = z.object({ channel: Id })
export type ListChannelFilesQuery = z.infer<typeof ListChannelFilesQuery>

/**
 * `GET /api/files` (spec 3.6): the gallery across the caller's channels. `type` is a mime
 * prefix (`image/`, `video/`, `application/pdf`), `agent` a channel id, `search` a piece of
 * the file name.
 *
 * @example
 * FileGalleryQuery.parse({ type: 'image/', limit: '30' })
 */
export const FileGalleryQuery = z.object({
  type: z.string().max(255).optional(),
  agent: Id.optional(),
  search: z.string().max(255).optional(),
  /** 30 by default, not the 50 of other lists (spec 3.6). */
  limit: z.coerce.number().int().min(1).max(100).catch(30),
  cursor: Id.optional(),
})
export type FileGalleryQuery = z.infer<typeof FileGalleryQuery>

/**
 * One file of the gallery: the attachment plus where it was sent (null for an orphan).
 *
 * @example
 * const item: FileGalleryItem = { ...attachment, message: { channelId: 'clxyz456', createdAt } }
 */
export const FileGalleryItem = Attachment.extend({
  message: z.object({ channelId: Id, createdAt: IsoDate }).nullable(),
})
export type FileGalleryItem = z.infer<typeof FileGalleryItem>

/** A page of the gallery (spec 3.6). */
export const FileGalleryPage = z.object({
  data: z.array(FileGalleryItem),
  nextCursor: z.string().nullable(),
})
export type FileGalleryPage = z.infer<typeof FileGalleryPage>

/**
 * `POST /api/files/bulk-delete` and `/bulk-download` (spec 3.6). Every id must be the
 * caller's, or nothing happens (404).
 *
 * @example
 * FileIdsBody.parse({ ids: ['clatt001', 'clatt002'] })
 */
export const FileIdsBody = z.object({ ids: z.array(Id).min(1).max(100) })
export type FileIdsBody = z.infer<typeof FileIdsBody>

/**
 * `GET /api/files/:id/share` (spec 3.6): a public link that needs no sign-in, valid for
 * `expiresIn` seconds.
 *
 * @example
 * const link: ShareLink = { url: 'http://localhost:3000/api/share/eyJ…', expiresIn: 3600 }
 */
export const ShareLink = z.object({ url: z.url(), expiresIn: z.number().int().positive() })
export type ShareLink = z.infer<typeof ShareLink>

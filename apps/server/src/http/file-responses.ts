import type { Request, Response } from 'express'
import { pipeline } from 'node:stream/promises'
import type { FileService, FileRecord } from '../domain/files/files.ts'
import type { ByteRange } from '../domain/files/file-storage.ts'
import { logger } from '../logger.ts'

const log = logger.child({ module: 'file-responses' })

/**
 * Types a browser may show inline from our origin: none of them runs script. Everything else
 * (HTML, SVG, XML, scripts, unknown types) is sent as an attachment, so an uploaded page can
 * never act inside the dashboard's origin.
 */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/json',
])
const isInline = (mimeType: string) =>
  INLINE_TYPES.has(mimeType) || mimeType.startsWith('video/') || mimeType.startsWith('audio/')

/**
 * `Content-Disposition` for any file name (RFC 6266): an ASCII fallback in `filename` and the
 * exact name in `filename*`, percent-encoded, so quotes, CR/LF and Unicode cannot break or
 * inject headers.
 *
 * @example
 * contentDisposition('inline', 'Q3 "final".pdf')
 * // inline; filename="Q3 _final_.pdf"; filename*=UTF-8''Q3%20%22final%22.pdf
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/**
 * Streams a file with `Content-Length`, `Accept-Ranges` and a single HTTP Range (206), which
 * video and PDF previews need; several ranges get the whole file, as RFC 9110 allows.
 */
export async function sendFile(
  req: Request,
  res: Response,
  files: FileService,
  file: FileRecord,
): Promise<void> {
  const parsed = file.size > 0 ? req.range(file.size) : undefined
  if (parsed === -1) {
    res.status(416).setHeader('Content-Range', `bytes */${file.size}`)
    res.json({ statusCode: 416, message: 'Range not satisfiable' })
    return
  }
  const range: ByteRange | undefined =
    Array.isArray(parsed) && parsed.type === 'bytes' && parsed.length === 1 ? parsed[0] : undefined
  const body = await files.open(file, range)

  const inline = isInline(file.mimeType)
  res.status(range ? 206 : 200)
  res.setHeader(
    'Content-Type',
    file.mimeType.startsWith('text/') ? `${file.mimeType}; charset=utf-8` : file.mimeType,
  )
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : file.size))
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`)
  res.setHeader('Accept-Ranges', 'bytes')
  res.setHeader(
    'Content-Disposition',
    contentDisposition(inline ? 'inline' : 'attachment', file.filename),
  )
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Cache-Control', 'private, no-cache')
  // Opened directly, a file is a document of our origin: no script, no forms, no plugins. PDF
  // is spared `sandbox`, which would stop the browser's own viewer.
  res.setHeader(
    'Content-Security-Policy',
    file.mimeType === 'application/pdf'
      ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
      : "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; media-src 'self'",
  )
  await pipeline(body, res).catch((error: unknown) => {
    // A client that stops reading (a seek in a video) is normal; anything else is logged.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
      log.warn({ err: error, fileId: file.id }, 'file download failed')
    res.destroy()
  })
}

import { Transform, type TransformCallback } from 'node:stream'
import { AppError } from '../errors.ts'

/** Raster image types a browser shows without running anything (no SVG, which can script). */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

/** How many leading bytes {@link detectImageType} needs. */
export const IMAGE_SIGNATURE_BYTES = 12

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) =>
  bytes.every((byte, index) => head[offset + index] === byte)

/**
 * The image type named by a file's first bytes (its magic number), or null. The bytes decide,
 * not the type the client claimed: what is served as an image is one.
 *
 * @example
 * detectImageType(Buffer.from('89504e470d0a1a0a0000000d', 'hex')) // 'image/png'
 */
export function detectImageType(head: Uint8Array): ImageType | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif'
  // RIFF....WEBP
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp'
  return null
}

/**
 * Passes an upload through once its first bytes show a PNG, JPEG, GIF or WebP, and fails it
 * with a 415 otherwise, while it streams, so nothing else is ever stored as an image.
 */
export class ImageSignatureCheck extends Transform {
  private head = Buffer.alloc(0)
  private isChecked = false

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.isChecked) return done(null, chunk)
    this.head = Buffer.concat([this.head, chunk])
    if (this.head.length < IMAGE_SIGNATURE_BYTES) return done()
    this.isChecked = true
    if (!detectImageType(this.head)) return done(notAnImage())
    done(null, this.head)
  }

  override _flush(done: TransformCallback): void {
    // A file shorter than any signature is no image.
    done(this.isChecked ? null : notAnImage())
  }
}

function notAnImage(): AppError {
  return new AppError(415, 'Not an image: send a PNG, JPEG, GIF or WebP file')
}

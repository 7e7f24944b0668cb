import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'

/** Bytes `start` to `end` of a file, both inclusive (as in an HTTP Range). */
export type ByteRange = { start: number; end: number }

/**
 * Where file contents live (design.md, Storage): local disk by default, S3-compatible object
 * storage when several server processes must share files (issue 11). Rows in the Attachment
 * table hold the key; everything else about a file is in the row.
 */
export type FileStorage = {
  /** Where the bytes go, for logs and the README: `disk` or `s3`. */
  readonly kind: 'disk' | 's3'
  /**
   * Streams `body` to `key`. When `body` fails (a size limit, a client that went away) or the
   * write does, the promise rejects and nothing is left under the key, nor half-written.
   */
  write(key: string, body: Readable, contentType: string): Promise<void>
  /** The bytes under `key`, or a range of them; AppError 404 when there are none. */
  read(key: string, range?: ByteRange): Promise<Readable>
  /** Best effort: keys that are already gone are not an error, and a failure is only logged. */
  remove(keys: string[]): Promise<void>
  /** Releases what the storage holds open (connections), when the server stops. */
  close(): void
}

/**
 * A fresh key: `uploads/<uuid>`. Placet put the client's file name in keys (spec 1.8, 9.3.9);
 * ours never contain anything the client chose.
 */
export function newStorageKey(): string {
  return `uploads/${randomUUID()}`
}

/** A file whose bytes are stored and whose row is yet to be written. */
export type StoredFile = { filename: string; mimeType: string; size: number; storageKey: string }

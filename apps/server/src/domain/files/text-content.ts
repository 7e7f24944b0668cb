import { Readable } from 'node:stream'
import { AppError } from '../errors.ts'
import { cleanFilename, cleanMimeType } from './file-names.ts'
import { newStorageKey, type FileStorage, type StoredFile } from './file-storage.ts'

/** Text files up to this size are inlined on agent API answers (spec 1.8, 10: the code's 64 KB). */
export const TEXT_CONTENT_MAX_BYTES = 64 * 1024

/** Placet inlines text files (spec 1.8); any `text/*` type counts. */
export function isInlinedText(file: { mimeType: string; size: number }): boolean {
  return file.mimeType.startsWith('text/') && file.size <= TEXT_CONTENT_MAX_BYTES
}

/** The file as UTF-8 text, or null when its bytes are missing or larger than the limit. */
export async function readTextContent(
  storage: FileStorage,
  file: { storageKey: string; size: number },
): Promise<string | null> {
  if (file.size > TEXT_CONTENT_MAX_BYTES) return null
  try {
    const chunks: Buffer[] = []
    let bytes = 0
    for await (const chunk of await storage.read(file.storageKey)) {
      bytes += (chunk as Buffer).length
      if (bytes > TEXT_CONTENT_MAX_BYTES) return null
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks).toString('utf8')
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 404) return null
    throw error
  }
}

/** Stores an inline text file (`textAttachments`, `store-text`, spec 1.8) under a new key. */
export async function writeTextFile(
  storage: FileStorage,
  file: { content: string; filename: string; mimeType: string },
): Promise<StoredFile> {
  const bytes = Buffer.from(file.content, 'utf8')
  const stored = {
    filename: cleanFilename(file.filename),
    mimeType: cleanMimeType(file.mimeType),
    size: bytes.length,
    storageKey: newStorageKey(),
  }
  await storage.write(stored.storageKey, Readable.from([bytes]), stored.mimeType)
  return stored
}

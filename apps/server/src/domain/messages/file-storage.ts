import { randomUUID } from 'node:crypto'
import { mkdir, open, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { AppError } from '../errors.ts'

/**
 * Files on local disk under `DATA_DIR/files` (design.md, Storage). Attachment rows hold a
 * storage key relative to that root; the key never comes from the client as a path.
 */
export class FileStorage {
  readonly root: string

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'files')
  }

  /**
   * `uploads/<uuid>-<name>` as in Placet (spec 1.8), but with the name reduced to safe
   * characters: raw filenames in keys are one of its weaknesses (spec 9.3.9).
   */
  newStorageKey(filename: string): string {
    const safe =
      filename
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^\.+/, '')
        .slice(-100) || 'file'
    return `uploads/${randomUUID()}-${safe}`
  }

  async writeText(storageKey: string, content: string): Promise<number> {
    const path = this.pathOf(storageKey)
    await mkdir(dirname(path), { recursive: true })
    const bytes = Buffer.from(content, 'utf8')
    await writeFile(path, bytes, { flag: 'wx' })
    return bytes.length
  }

  /** The file as UTF-8 text, or null when it is missing or larger than `maxBytes`. */
  async readTextUpTo(storageKey: string, maxBytes: number): Promise<string | null> {
    let handle
    try {
      handle = await open(this.pathOf(storageKey), 'r')
      const { size } = await handle.stat()
      if (size > maxBytes) return null
      const buffer = Buffer.alloc(size)
      await handle.read(buffer, 0, size, 0)
      return buffer.toString('utf8')
    } catch {
      return null
    } finally {
      await handle?.close()
    }
  }

  /** Best effort: a file that is already gone is not an error. */
  async remove(storageKeys: string[]): Promise<void> {
    await Promise.all(
      storageKeys.map((key) => rm(this.pathOf(key), { force: true }).catch(() => undefined)),
    )
  }

  private pathOf(storageKey: string): string {
    const path = resolve(join(this.root, storageKey))
    if (!path.startsWith(this.root + sep)) throw new AppError(400, 'Invalid storage key')
    return path
  }
}

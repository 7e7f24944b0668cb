import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { logger } from '../../logger.ts'
import { AppError } from '../errors.ts'
import type { ByteRange, FileStorage } from './file-storage.ts'

const log = logger.child({ module: 'local-file-storage' })

/**
 * Files on local disk under `DATA_DIR/files` (design.md, Storage). A write goes to
 * `.incoming/` first and is renamed into place once complete, so a key never names half a file
 * and a failed upload leaves no temp file behind.
 */
export class LocalFileStorage implements FileStorage {
  readonly kind = 'disk'
  readonly root: string
  private readonly incoming: string

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'files')
    this.incoming = join(this.root, '.incoming')
  }

  async write(key: string, body: Readable): Promise<void> {
    const path = this.pathOf(key)
    await mkdir(this.incoming, { recursive: true })
    const temp = join(this.incoming, randomUUID())
    try {
      await pipeline(body, createWriteStream(temp, { flags: 'wx' }))
      await mkdir(dirname(path), { recursive: true })
      await rename(temp, path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r')
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {})
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new AppError(404, 'File content not found')
      throw error
    }
  }

  async remove(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        rm(this.pathOf(key), { force: true }).catch((error: unknown) =>
          log.warn({ err: error, key }, 'could not remove a stored file'),
        ),
      ),
    )
  }

  /** Nothing is held open between calls. */
  close(): void {}

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key))
    if (!path.startsWith(this.root + sep) || path.startsWith(this.incoming + sep))
      throw new AppError(400, 'Invalid storage key')
    return path
  }
}

import type { Readable } from 'node:stream'
import { ZipFile } from 'yazl'
import type { FileStorage } from './file-storage.ts'
import { uniqueEntryNames } from './file-names.ts'

/**
 * A ZIP of several files, built as a stream (spec 3.6 builds it in memory): each file is read
 * from storage only when the archive reaches it, so memory stays flat whatever the sizes.
 * A file whose bytes cannot be read fails the stream, which ends the download.
 */
export function archiveFiles(
  storage: FileStorage,
  files: { filename: string; storageKey: string; createdAt: Date }[],
): Readable {
  const zip = new ZipFile()
  const output = zip.outputStream as Readable
  const names = uniqueEntryNames(files.map((file) => file.filename))
  let current: Readable | undefined
  // A client that goes away must not leave a storage stream open, waiting to be read.
  output.once('close', () => current?.destroy())
  void (async () => {
    try {
      for (const [index, file] of files.entries()) {
        if (output.destroyed) return
        current = await storage.read(file.storageKey)
        zip.addReadStream(current, names[index]!, { mtime: file.createdAt })
        // One file open at a time: wait until the archive has consumed this one.
        const content = current
        await new Promise<void>((resolve, reject) => {
          content.once('close', resolve)
          content.once('error', reject)
        })
      }
      zip.end()
    } catch (error) {
      output.destroy(error as Error)
    }
  })()
  return output
}

import { UploadFields } from '@placet/protocol'
import busboy from 'busboy'
import type { Request } from 'express'
import { AppError } from '../domain/errors.ts'
import type { z } from 'zod'
import type { StoredFile } from '../domain/files/file-storage.ts'
import type { IncomingFile } from '../domain/files/files.ts'
import { parseInput } from './parse-request.ts'

/** Text fields are small: a channel id and at most a message's text. */
const MULTIPART_LIMITS = { files: 1, fields: 10, parts: 12, fieldSize: 1_000_000 }

/** Where an upload's file goes while it streams, and how it is dropped when the upload fails. */
export type UploadReceiver = {
  receive(file: IncomingFile): Promise<StoredFile>
  discard(files: StoredFile[]): Promise<void>
}

/**
 * Reads a multipart upload as a stream (busboy): the part named `file` goes straight to
 * storage through the receiver (`FileService`, or the avatars) while it arrives, the text
 * fields are checked with a protocol schema ({@link UploadFields} by default). Whatever fails (a malformed body, a second file,
 * MAX_UPLOAD_MB, a client that goes away, bad fields) leaves nothing stored, and the rest of
 * the request is drained so the client reads the error instead of a reset connection.
 */
export function receiveUpload<Fields extends z.ZodType = typeof UploadFields>(
  req: Request,
  files: UploadReceiver,
  fieldsSchema: Fields = UploadFields as unknown as Fields,
): Promise<{ fields: z.output<Fields>; file: StoredFile }> {
  if (!req.is('multipart/form-data'))
    return Promise.reject(new AppError(400, 'No file provided: send multipart/form-data'))
  let parser: busboy.Busboy
  try {
    // File names are UTF-8 in every current client (busboy assumes latin1).
    parser = busboy({ headers: req.headers, limits: MULTIPART_LIMITS, defParamCharset: 'utf8' })
  } catch {
    return Promise.reject(new AppError(400, 'Malformed multipart body'))
  }

  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {}
    let stored: Promise<StoredFile> | undefined
    let isSettled = false

    const fail = (error: unknown) => {
      if (isSettled) return
      isSettled = true
      req.unpipe(parser)
      req.resume()
      stored?.then((file) => files.discard([file])).catch(() => undefined)
      reject(error)
    }

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError(413, `Field "${name}" is too long`))
      else fields[name] = value
    })
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || stored) {
        stream.resume()
        if (stored) fail(new AppError(400, 'Only one file per upload'))
        return
      }
      const filename = info.filename && decodeFormFilename(info.filename)
      stored = files.receive({ stream, filename, mimeType: info.mimeType })
      stored.catch(fail)
    })
    parser.on('filesLimit', () => fail(new AppError(400, 'Only one file per upload')))
    parser.on('fieldsLimit', () => fail(new AppError(400, 'Too many form fields')))
    parser.on('partsLimit', () => fail(new AppError(400, 'Too many form parts')))
    parser.on('error', () => fail(new AppError(400, 'Malformed multipart body')))
    parser.on('close', () => {
      if (isSettled) return
      if (!stored) return fail(new AppError(400, 'No file provided'))
      stored.then((file) => {
        try {
          const parsed = parseInput(fieldsSchema, fields)
          isSettled = true
          resolve({ fields: parsed, file })
        } catch (error) {
          fail(error)
        }
      }, fail)
    })
    req.on('close', () => {
      if (!req.complete) fail(new AppError(400, 'Request aborted'))
    })
    req.pipe(parser)
  })
}

/**
 * Browsers and fetch's FormData write `"`, CR and LF in a file name as `%22`, `%0D`, `%0A`
 * (HTML's multipart/form-data encoding); they are turned back so the name is the one chosen.
 */
function decodeFormFilename(filename: string): string {
  return filename.replace(/%(22|0D|0A)/gi, (_match, code: string) =>
    String.fromCharCode(parseInt(code, 16)),
  )
}

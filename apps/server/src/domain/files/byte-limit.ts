import { Transform, type TransformCallback } from 'node:stream'
import { AppError } from '../errors.ts'

/**
 * Counts the bytes of an upload as they stream through and fails it with a 413 the moment it
 * passes `maxBytes`, so an oversized file is refused without ever being held or stored whole.
 */
export class ByteLimit extends Transform {
  bytes = 0

  constructor(private readonly maxBytes: number) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.maxBytes) {
      const megabytes = Math.round((this.maxBytes / 1024 / 1024) * 100) / 100
      done(new AppError(413, `File too large: the limit is ${megabytes} MB`))
      return
    }
    done(null, chunk)
  }
}

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { ByteLimit } from './byte-limit.ts'

const sink = async (source: AsyncIterable<Buffer>) => {
  for await (const _chunk of source) {
    // drained
  }
}

describe('ByteLimit', () => {
  it('passes a stream up to the limit and counts it', async () => {
    const limit = new ByteLimit(10)
    await pipeline(Readable.from([Buffer.alloc(4), Buffer.alloc(6)]), limit, sink)
    expect(limit.bytes).toBe(10)
  })

  it('fails with a 413 as soon as the limit is passed', async () => {
    const limit = new ByteLimit(10)
    const failure = await pipeline(
      Readable.from([Buffer.alloc(6), Buffer.alloc(6), Buffer.alloc(6)]),
      limit,
      sink,
    ).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AppError)
    expect((failure as AppError).statusCode).toBe(413)
    expect(limit.bytes).toBe(12)
  })
})

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { detectImageType, ImageSignatureCheck } from './image-signature.ts'

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

describe('detectImageType', () => {
  it('names PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(detectImageType(PNG_HEAD)).toBe('image/png')
    expect(detectImageType(Buffer.from('ffd8ffe000104a4649460001', 'hex'))).toBe('image/jpeg')
    expect(detectImageType(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00', 'latin1'))).toBe(
      'image/gif',
    )
    expect(detectImageType(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe(
      'image/webp',
    )
  })

  it('names nothing else, SVG and HTML included', () => {
    for (const text of [
      '<svg xmlns="http://www.w3.org/2000/svg">',
      '<!doctype html>',
      'RIFF1234WAVE',
    ])
      expect(detectImageType(Buffer.from(text)), text).toBeNull()
  })
})

/** Streams `chunks` through the check and collects what comes out. */
async function check(chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = []
  await pipeline(Readable.from(chunks), new ImageSignatureCheck(), async (source) => {
    for await (const chunk of source) out.push(chunk as Buffer)
  })
  return Buffer.concat(out)
}

describe('ImageSignatureCheck', () => {
  it('passes an image through unchanged, even when its signature is split across chunks', async () => {
    const body = Buffer.concat([PNG_HEAD, Buffer.alloc(1000, 7)])
    expect(
      (await check([body.subarray(0, 3), body.subarray(3, 9), body.subarray(9)])).equals(body),
    ).toBe(true)
  })

  it('fails anything else with a 415, short files too', async () => {
    for (const chunks of [
      [Buffer.from('<svg onload="alert(1)"></svg>')],
      [PNG_HEAD.subarray(0, 5)],
      [],
    ]) {
      const failure = await check(chunks).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(AppError)
      expect((failure as AppError).statusCode).toBe(415)
    }
  })
})

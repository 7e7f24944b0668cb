import { describe, expect, it } from 'vitest'
import { base64UrlToBytes } from './web-push'

describe('base64UrlToBytes', () => {
  it('decodes unpadded base64url as Node does', () => {
    for (const bytes of [[251, 255, 0], [1], [1, 2], [4, 200, 17, 62, 99]]) {
      const encoded = Buffer.from(bytes).toString('base64url')
      expect([...base64UrlToBytes(encoded)]).toEqual(bytes)
    }
  })
})

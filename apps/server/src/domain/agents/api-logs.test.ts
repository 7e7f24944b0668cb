import { describe, expect, it } from 'vitest'
import { MAX_LOGGED_BODY, maskSecrets, toLoggedBody } from './api-logs.ts'

describe('maskSecrets', () => {
  it('masks every key naming a password, secret, token, authorization or api key, at any depth', () => {
    const masked = maskSecrets({
      channelId: 'c1',
      auth: { username: 'bot', password: 'hunter2' },
      webhookSecret: 'whsec_x',
      headers: { Authorization: 'Bearer x', 'X-Refresh-Token': 't' },
      management: { url: 'https://m.example', apiKey: 'k' },
      items: [{ client_secret: 's', name: 'kept' }],
    })
    expect(masked).toEqual({
      channelId: 'c1',
      auth: { username: 'bot', password: '***' },
      webhookSecret: '***',
      headers: { Authorization: '***', 'X-Refresh-Token': '***' },
      management: { url: 'https://m.example', apiKey: '***' },
      items: [{ client_secret: '***', name: 'kept' }],
    })
  })

  it('leaves scalars and null alone', () => {
    expect(maskSecrets('text')).toBe('text')
    expect(maskSecrets(null)).toBeNull()
    expect(maskSecrets(3)).toBe(3)
  })
})

describe('toLoggedBody', () => {
  it('stores nothing for an empty body', () => {
    expect(toLoggedBody(undefined)).toBeNull()
    expect(toLoggedBody('')).toBeNull()
  })

  it('caps long bodies and says so', () => {
    const stored = toLoggedBody({ text: 'x'.repeat(MAX_LOGGED_BODY * 2) })!
    expect(stored).toHaveLength(MAX_LOGGED_BODY)
    expect(stored.endsWith('…[truncated]')).toBe(true)
  })

  it('masks before it serialises', () => {
    expect(toLoggedBody({ token: 'abc' })).toBe('{"token":"***"}')
  })
})

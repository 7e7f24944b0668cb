import { describe, expect, it } from 'vitest'
import {
  MAX_LOGGED_BODY,
  maskSecrets,
  statusRangesOf,
  toLoggedBody,
  toLoggedPath,
} from './api-logs.ts'

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

describe('toLoggedPath', () => {
  it('masks secret-named query parameters and URL passwords, and keeps the rest', () => {
    expect(toLoggedPath('/api/v1/messages?channel=c1&token=abc&api_key=k')).toBe(
      '/api/v1/messages?channel=c1&token=***&api_key=***',
    )
    expect(toLoggedPath('https://bot:hunter2@hooks.example/in?secret=s&x=1')).toBe(
      'https://bot:***@hooks.example/in?secret=***&x=1',
    )
  })

  it('leaves a path without secrets exactly as it was', () => {
    expect(toLoggedPath('/api/v1/reviews/r1/wait?timeout=30000')).toBe(
      '/api/v1/reviews/r1/wait?timeout=30000',
    )
    expect(toLoggedPath('https://hooks.example/in')).toBe('https://hooks.example/in')
  })
})

describe('statusRangesOf', () => {
  it('splits success and error at 400, with 0 (no answer) an error', () => {
    expect(statusRangesOf('success')).toEqual([{ gte: 1, lt: 400 }])
    expect(statusRangesOf('error')).toEqual([
      { gte: 0, lt: 1 },
      { gte: 400, lt: 1000 },
    ])
  })

  it('reads a class and a single code', () => {
    expect(statusRangesOf('4xx')).toEqual([{ gte: 400, lt: 500 }])
    expect(statusRangesOf('0')).toEqual([{ gte: 0, lt: 1 }])
    expect(statusRangesOf('201')).toEqual([{ gte: 201, lt: 202 }])
  })
})

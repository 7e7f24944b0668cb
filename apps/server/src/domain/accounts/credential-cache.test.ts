import { describe, expect, it } from 'vitest'
import { CredentialCache } from './credential-cache.ts'

describe('CredentialCache', () => {
  it('does not put back a value whose lookup began before a drop', () => {
    const cache = new CredentialCache<string>()
    const ticket = cache.ticket()
    cache.drop((value) => value === 'user-1')
    cache.remember('key', 'user-1', ticket)
    expect(cache.get('key')).toBeUndefined()
    cache.remember('key', 'user-1', cache.ticket())
    expect(cache.get('key')).toBe('user-1')
  })

  it('drops only what matches, and the oldest entry when full', () => {
    const cache = new CredentialCache<string>(2)
    cache.remember('a', 'user-1', cache.ticket())
    cache.remember('b', 'user-2', cache.ticket())
    cache.remember('c', 'user-2', cache.ticket())
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([
      undefined,
      'user-2',
      'user-2',
    ])
    cache.drop((value) => value === 'user-2')
    expect(cache.get('b')).toBeUndefined()
  })
})

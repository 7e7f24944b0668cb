import { describe, expect, it } from 'vitest'
import { escapeLikePattern } from './message-search.ts'

describe('escapeLikePattern', () => {
  it('makes LIKE wildcards and the escape character literal', () => {
    expect(escapeLikePattern('50% off_now\\')).toBe('50\\% off\\_now\\\\')
    expect(escapeLikePattern('plain text')).toBe('plain text')
  })
})

import { describe, expect, it } from 'vitest'
import { MAX_READ_REVIEWS, READ_REVIEWS_KEY, loadReadReviews, markReviewRead } from './read-reviews'

/** localStorage's contract over a Map (node has no localStorage). */
function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  }
}

describe('read review markers', () => {
  it('remembers opened reviews, most recent last, without duplicates', () => {
    const storage = memoryStorage()
    markReviewRead(storage, 'a')
    markReviewRead(storage, 'b')
    expect(markReviewRead(storage, 'a')).toEqual(['b', 'a'])
    expect(loadReadReviews(storage)).toEqual(['b', 'a'])
  })

  it('keeps at most 500, dropping the oldest', () => {
    const storage = memoryStorage()
    for (let index = 0; index < MAX_READ_REVIEWS + 3; index++) markReviewRead(storage, `r${index}`)
    const ids = loadReadReviews(storage)
    expect(ids).toHaveLength(MAX_READ_REVIEWS)
    expect(ids[0]).toBe('r3')
  })

  it('survives garbage in storage', () => {
    expect(loadReadReviews(memoryStorage({ [READ_REVIEWS_KEY]: '{nope' }))).toEqual([])
    expect(loadReadReviews(memoryStorage({ [READ_REVIEWS_KEY]: '[1,"x"]' }))).toEqual(['x'])
  })
})

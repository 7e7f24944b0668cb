import type { Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import { groupReviewThreads } from './review-threads'

const message = (id: string, group: string | null, iteration: number | null) =>
  ({ id, iterationGroupId: group, iteration }) as Message

describe('groupReviewThreads', () => {
  it('keeps only the latest revision of each group, where the group first appears', () => {
    const threads = groupReviewThreads([
      message('b2', 'b', 2),
      message('solo', null, null),
      message('b1', 'b', 1),
      message('c1', 'c', 1),
      message('c3', 'c', 3),
    ])
    expect(threads.map((thread) => [thread.message.id, thread.isReReview])).toEqual([
      ['b2', true],
      ['solo', false],
      ['c3', true],
    ])
  })

  it('tags a lone later revision as a re-review (its earlier ones are answered and filtered out)', () => {
    expect(groupReviewThreads([message('d2', 'd', 2)])[0]).toMatchObject({ isReReview: true })
  })
})

import { DEFAULT_APPROVAL_OPTIONS, Review, type ReviewRequest } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import {
  cancelReview,
  completeReview,
  expireReview,
  newReview,
  pluginOfReview,
} from './review-records.ts'

const DEADLINE = new Date('2026-04-02T12:00:00.000Z')
const NOW = new Date('2026-04-01T12:30:00.000Z')
const approval = newReview({ type: 'approval' }, DEADLINE)

describe('newReview', () => {
  it('is pending, keeps the resolved deadline and drops expiresInSeconds', () => {
    const review = newReview(
      { type: 'text-input', payload: { markdown: true }, expiresInSeconds: 60 } as ReviewRequest,
      DEADLINE,
    )
    expect(Review.parse(review)).toEqual({
      type: 'text-input',
      payload: { markdown: true },
      status: 'pending',
      response: null,
      feedback: null,
      modifiedFileIds: null,
      callback: null,
      expiresAt: DEADLINE.toISOString(),
      completedAt: null,
    })
    expect(review).not.toHaveProperty('expiresInSeconds')
  })

  it('gives an approval without payload the default buttons', () => {
    expect(approval.payload).toEqual({ options: DEFAULT_APPROVAL_OPTIONS })
  })
})

describe('pluginOfReview', () => {
  it('is the string payload.plugin of a freeform review only', () => {
    expect(pluginOfReview({ type: 'freeform', payload: { plugin: 'chart' } })).toBe('chart')
    expect(pluginOfReview({ type: 'freeform', payload: { plugin: 42 } })).toBeUndefined()
    expect(pluginOfReview({ type: 'approval' })).toBeUndefined()
    expect(pluginOfReview(undefined)).toBeUndefined()
  })
})

describe('transitions', () => {
  it('completes with the answer, who gave it, and both spellings of the time', () => {
    const done = completeReview(
      approval,
      { response: { selectedOption: 'approve' }, respondedBy: { id: 'u1', name: 'Ann' } },
      NOW,
    )
    expect(done).toMatchObject({
      status: 'completed',
      response: { selectedOption: 'approve' },
      feedback: null,
      modifiedFileIds: null,
      completedAt: NOW.toISOString(),
      completed_at: NOW.toISOString(),
      respondedBy: { id: 'u1', name: 'Ann' },
    })
    const withFiles = completeReview(
      approval,
      {
        response: {},
        modifiedFileIds: { a: 'b' },
        feedback: 'f',
        respondedBy: { id: 'u1', name: 'Ann' },
      },
      NOW,
    )
    expect(withFiles).toMatchObject({ modifiedFileIds: { a: 'b' }, feedback: 'f' })
    expect(
      completeReview(
        approval,
        { response: {}, modifiedFileIds: {}, respondedBy: { id: 'u', name: 'n' } },
        NOW,
      ).modifiedFileIds,
    ).toBeNull()
  })

  it('expires and cancels with their times, leaving the rest as it was', () => {
    expect(expireReview(approval, NOW)).toEqual({
      ...approval,
      status: 'expired',
      expiredAt: NOW.toISOString(),
    })
    expect(cancelReview(approval, NOW)).toEqual({
      ...approval,
      status: 'cancelled',
      cancelledAt: NOW.toISOString(),
    })
  })
})

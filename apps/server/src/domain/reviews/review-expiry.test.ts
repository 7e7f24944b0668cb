import { describe, expect, it } from 'vitest'
import { AppError } from '../errors.ts'
import { isPastDeadline, resolveReviewExpiry } from './review-expiry.ts'

const NOW = new Date('2026-04-01T12:00:00.000Z')
const LIMITS = { defaultExpiryMs: 24 * 3_600_000, maxExpiryMs: 36 * 3_600_000 }
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString()

function failureOf(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a 400')
}

describe('resolveReviewExpiry (spec 1.6)', () => {
  it('defaults to now + the default expiry', () => {
    expect(resolveReviewExpiry({}, NOW, LIMITS).toISOString()).toBe(at(24 * 3_600_000))
  })

  it('takes expiresInSeconds first, then expiresAt', () => {
    expect(
      resolveReviewExpiry(
        { expiresInSeconds: 90, expiresAt: at(5_000) },
        NOW,
        LIMITS,
      ).toISOString(),
    ).toBe(at(90_000))
    expect(resolveReviewExpiry({ expiresAt: at(5_000) }, NOW, LIMITS).toISOString()).toBe(at(5_000))
    expect(
      resolveReviewExpiry(
        { expiresInSeconds: null, expiresAt: at(5_000) },
        NOW,
        LIMITS,
      ).toISOString(),
    ).toBe(at(5_000))
  })

  it('accepts expiresAt with an offset', () => {
    expect(
      resolveReviewExpiry({ expiresAt: '2026-04-01T16:00:00+02:00' }, NOW, LIMITS).toISOString(),
    ).toBe('2026-04-01T14:00:00.000Z')
  })

  it('caps every deadline at now + the maximum', () => {
    expect(resolveReviewExpiry({ expiresInSeconds: 10 ** 9 }, NOW, LIMITS).toISOString()).toBe(
      at(36 * 3_600_000),
    )
    expect(
      resolveReviewExpiry({ expiresAt: at(1_000 * 3_600_000) }, NOW, LIMITS).toISOString(),
    ).toBe(at(36 * 3_600_000))
    expect(
      resolveReviewExpiry({}, NOW, {
        defaultExpiryMs: 48 * 3_600_000,
        maxExpiryMs: 36 * 3_600_000,
      }).toISOString(),
    ).toBe(at(36 * 3_600_000))
  })

  it.each([0, -1, 1.5, '60', Number.NaN, true, {}])(
    'refuses expiresInSeconds %s with the field path',
    (value) => {
      const error = failureOf(() => resolveReviewExpiry({ expiresInSeconds: value }, NOW, LIMITS))
      expect(error.statusCode).toBe(400)
      expect(error.errors?.[0]?.path).toEqual(['review', 'expiresInSeconds'])
    },
  )

  it('refuses an unparsable expiresAt', () => {
    const error = failureOf(() => resolveReviewExpiry({ expiresAt: 'soon' }, NOW, LIMITS))
    expect(error.errors?.[0]?.path).toEqual(['review', 'expiresAt'])
  })

  it('refuses a deadline that is not in the future', () => {
    expect(
      failureOf(() => resolveReviewExpiry({ expiresAt: NOW.toISOString() }, NOW, LIMITS)).message,
    ).toBe('The review expiry must be in the future')
    expect(
      failureOf(() => resolveReviewExpiry({ expiresAt: at(-1) }, NOW, LIMITS)).statusCode,
    ).toBe(400)
  })
})

describe('isPastDeadline', () => {
  it('is true from the deadline on', () => {
    expect(isPastDeadline(at(1), NOW)).toBe(false)
    expect(isPastDeadline(NOW, NOW)).toBe(true)
    expect(isPastDeadline(new Date(NOW.getTime() - 1), NOW)).toBe(true)
    expect(isPastDeadline(null, NOW)).toBe(false)
  })
})

import { AppError } from '../errors.ts'

/** How long reviews live: the defaults are Placet's 24 h and 36 h (spec 1.6), configurable. */
export type ExpiryLimits = { defaultExpiryMs: number; maxExpiryMs: number }

/** The part of a review request that sets its deadline. */
export type ExpiryRequest = { expiresAt?: string | undefined; expiresInSeconds?: unknown }

const invalid = (field: 'expiresAt' | 'expiresInSeconds', message: string) =>
  new AppError(400, message, [{ code: 'invalid_expiry', message, path: ['review', field] }])

/**
 * Resolves a new review's deadline by the rules of spec 1.6, in order: `expiresInSeconds`
 * (a positive integer), else `expiresAt` (must parse), else the default; capped at the maximum;
 * a deadline that is not in the future is refused. Throws a 400 naming the field.
 *
 * @example
 * resolveReviewExpiry({ expiresInSeconds: 60 }, now, limits) // now + 60 s
 */
export function resolveReviewExpiry(request: ExpiryRequest, now: Date, limits: ExpiryLimits): Date {
  let requested: number
  if (request.expiresInSeconds !== undefined && request.expiresInSeconds !== null) {
    const seconds = request.expiresInSeconds
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) {
      throw invalid('expiresInSeconds', 'expiresInSeconds must be a positive integer')
    }
    requested = now.getTime() + seconds * 1000
  } else if (request.expiresAt !== undefined) {
    requested = Date.parse(request.expiresAt)
    if (Number.isNaN(requested)) throw invalid('expiresAt', 'expiresAt is not a valid date')
  } else {
    requested = now.getTime() + limits.defaultExpiryMs
  }
  const deadline = Math.min(requested, now.getTime() + limits.maxExpiryMs)
  if (deadline <= now.getTime()) {
    throw invalid(
      request.expiresInSeconds != null ? 'expiresInSeconds' : 'expiresAt',
      'The review expiry must be in the future',
    )
  }
  return new Date(deadline)
}

/** True once a review's deadline has passed: it must no longer be answered, only expired. */
export function isPastDeadline(expiresAt: Date | string | null | undefined, now: Date): boolean {
  if (!expiresAt) return false
  return new Date(expiresAt).getTime() <= now.getTime()
}

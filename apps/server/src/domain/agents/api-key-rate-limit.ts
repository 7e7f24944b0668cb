import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { consumePoint, type RateLimitBackend } from '../accounts/rate-limit-backend.ts'

const MINUTE_MS = 60_000

/** Calls per API key per minute on the agent API (AGENT_RATE_LIMIT), counted on every node. */
export class ApiKeyRateLimiter {
  private readonly limiter: RateLimiterAbstract

  constructor(backend: RateLimitBackend, perMinute: number) {
    this.limiter = backend.limiter({ name: 'api-key', points: perMinute, windowMs: MINUTE_MS })
  }

  /** Counts one call: null while under the limit, else the seconds to wait. */
  take(apiKeyId: string): Promise<number | null> {
    return consumePoint(this.limiter, apiKeyId)
  }
}

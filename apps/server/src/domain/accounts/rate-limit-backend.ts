import { Redis } from 'ioredis'
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'

/** A fixed window of `points` per `windowMs`, kept under `name`. */
export type LimitOptions = { name: string; points: number; windowMs: number }

/**
 * Where rate-limit counters live: in Redis when REDIS_URL is set, so every node of a deployment
 * counts together (issue 14), otherwise in this process's memory.
 */
export class RateLimitBackend {
  private readonly redis: Redis | null

  constructor(
    redisUrl: string | null,
    private readonly prefix: string,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 3 }) : null
    // Errors surface through the limiters (which fall back to memory); an unhandled 'error'
    // event would crash the process while Redis restarts.
    this.redis?.on('error', () => {})
  }

  limiter({ name, points, windowMs }: LimitOptions): RateLimiterAbstract {
    const options = { points, duration: Math.max(1, Math.ceil(windowMs / 1000)) }
    if (!this.redis) return new RateLimiterMemory(options)
    return new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      keyPrefix: `${this.prefix}:rate:${name}`,
      // While Redis is unreachable each node limits on its own rather than not at all.
      insuranceLimiter: new RateLimiterMemory(options),
    })
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect())
  }
}

/**
 * Consumes one point: null while under the limit, else the seconds until the window resets.
 * A store failure without insurance is rethrown (it is a bug, not a client error).
 */
export async function consumePoint(
  limiter: RateLimiterAbstract,
  key: string,
): Promise<number | null> {
  try {
    await limiter.consume(key)
    return null
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return retryAfterSeconds(rejection)
    throw rejection
  }
}

export function retryAfterSeconds(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000))
}

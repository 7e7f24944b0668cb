import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { consumePoint, retryAfterSeconds, type RateLimitBackend } from './rate-limit-backend.ts'

/** One address may fail this many times the per-account limit, across all emails it tries. */
const ADDRESS_FACTOR = 10

/**
 * Failed logins, counted per (address, email) and per address over a window
 * (rate-limiter-flexible; shared through Redis when set). A success clears the address's count
 * for that email only: signing in to one's own account must not reset a spray over others.
 */
export class LoginRateLimiter {
  private readonly perAccount: RateLimiterAbstract
  private readonly perAddress: RateLimiterAbstract

  constructor(backend: RateLimitBackend, limit: number, windowMs: number) {
    this.perAccount = backend.limiter({ name: 'login-account', points: limit, windowMs })
    this.perAddress = backend.limiter({
      name: 'login-address',
      points: limit * ADDRESS_FACTOR,
      windowMs,
    })
  }

  private accountKey(ip: string, email: string) {
    return `${ip}|${email.toLowerCase()}`
  }

  /** Seconds until this address may try this email again; null while it may try now. */
  async retryAfterSeconds(ip: string, email: string): Promise<number | null> {
    const [account, address] = await Promise.all([
      this.perAccount.get(this.accountKey(ip, email)),
      this.perAddress.get(ip),
    ])
    const blocked = [
      [account, this.perAccount.points],
      [address, this.perAddress.points],
    ] as const
    const waits = blocked
      .filter(([state, points]) => state && state.consumedPoints >= points)
      .map(([state]) => retryAfterSeconds(state!))
    return waits.length ? Math.max(...waits) : null
  }

  async recordFailure(ip: string, email: string): Promise<void> {
    await Promise.all([
      consumePoint(this.perAccount, this.accountKey(ip, email)),
      consumePoint(this.perAddress, ip),
    ])
  }

  async recordSuccess(ip: string, email: string): Promise<void> {
    await this.perAccount.delete(this.accountKey(ip, email))
  }
}

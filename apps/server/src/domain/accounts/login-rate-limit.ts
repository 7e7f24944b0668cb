type Window = { failures: number; resetAt: number }

/**
 * Limits failed logins per (client IP, email) to `limit` per window; a success clears the
 * count. In memory, per process (the scale-out work moves it to Redis).
 */
export class LoginRateLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private keyOf(ip: string, email: string) {
    return `${ip}\u0000${email.toLowerCase()}`
  }

  /** Seconds until this address may try this email again; null while it may try now. */
  retryAfterSeconds(ip: string, email: string): number | null {
    const window = this.windows.get(this.keyOf(ip, email))
    const now = Date.now()
    if (window && window.resetAt > now && window.failures >= this.limit)
      return Math.ceil((window.resetAt - now) / 1000)
    return null
  }

  recordFailure(ip: string, email: string) {
    const key = this.keyOf(ip, email)
    const now = Date.now()
    const window = this.windows.get(key)
    if (!window || window.resetAt <= now)
      this.windows.set(key, { failures: 1, resetAt: now + this.windowMs })
    else window.failures += 1
    if (this.windows.size > 10_000) this.evictExpired(now)
  }

  recordSuccess(ip: string, email: string) {
    this.windows.delete(this.keyOf(ip, email))
  }

  private evictExpired(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key)
  }
}

/** Entries kept at most; the oldest go first (a Map iterates in insertion order). */
const DEFAULT_CAPACITY = 10_000

/**
 * What the server knows about valid credentials (API keys, session users), so the hot path
 * needs no query to check them (issue 12). Only found credentials are remembered: unknown keys
 * still go to the database, so nobody can fill the cache with guesses.
 *
 * A lookup that started before a revocation must not put the revoked value back: each lookup
 * takes a {@link ticket} first, and {@link remember} ignores tickets older than the last drop.
 */
export class CredentialCache<Value> {
  private readonly entries = new Map<string, Value>()
  private generation = 0

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  get(key: string): Value | undefined {
    return this.entries.get(key)
  }

  /** Taken before reading the database; hand it back to {@link remember}. */
  ticket(): number {
    return this.generation
  }

  remember(key: string, value: Value, ticket: number): void {
    if (ticket !== this.generation) return
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(key, value)
  }

  /** Drops every entry `matches`; lookups in flight will not remember theirs. */
  drop(matches: (value: Value, key: string) => boolean): void {
    this.generation++
    for (const [key, value] of this.entries) if (matches(value, key)) this.entries.delete(key)
  }
}

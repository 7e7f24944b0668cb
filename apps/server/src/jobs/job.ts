/**
 * A background job of the server (review expiry, agent heartbeat, stale streams, webhook
 * delivery): started once the server listens, stopped before the database closes.
 */
export interface Job {
  readonly name: string
  start(): void | Promise<void>
  stop(): void | Promise<void>
}

import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'

/** How often a node renews its presence while it runs. */
export const HEARTBEAT_INTERVAL_MS = 1_000
/**
 * A node that has not renewed its presence for this long is taken for dead: a few missed beats,
 * so a busy event loop or a short Redis hiccup does not count, while a crashed node's leases are
 * released within seconds instead of the ~40 s a webhook lease lasts.
 */
export const NODE_PRESENCE_TTL_MS = 4_000

/**
 * This server process's identity among the nodes of a deployment (issue 14), and who else is
 * alive. Each process gets a random node id per start, recorded on the leases it takes, so a
 * restarted process never mistakes its predecessor's leases for its own.
 *
 * Without REDIS_URL a process is the deployment's only node (several processes need Redis to
 * act as one, README "Scaling out"): whatever lease it did not take itself was left by a
 * process that is gone. With Redis, each node keeps a key with a short TTL alive; a node whose
 * key has lapsed is dead.
 */
export class NodeRegistry {
  readonly nodeId = randomUUID()
  private readonly redis: Redis | null

  constructor(
    redisUrl: string | null,
    private readonly prefix: string,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 2 }) : null
    // Failures surface through the calls below; an unhandled 'error' event would crash the
    // process while Redis restarts.
    this.redis?.on('error', () => {})
  }

  /** True when no other process can be part of this deployment (no Redis). */
  get isAlone(): boolean {
    return this.redis === null
  }

  /** Renews this node's presence for another {@link NODE_PRESENCE_TTL_MS}. */
  async beat(): Promise<void> {
    await this.redis?.set(this.keyOf(this.nodeId), String(Date.now()), 'PX', NODE_PRESENCE_TTL_MS)
  }

  /**
   * Which of `nodeIds` are dead. Alone, every node but this one is; with Redis, those without a
   * presence key. Throws when Redis cannot answer: nobody is declared dead on a guess.
   */
  async findDead(nodeIds: readonly string[]): Promise<string[]> {
    const others = nodeIds.filter((id) => id !== this.nodeId)
    if (!this.redis || others.length === 0) return others
    const presence = await this.redis.mget(others.map((id) => this.keyOf(id)))
    return others.filter((_id, index) => presence[index] === null)
  }

  /** Withdraws this node's presence (after its leases are settled) and closes the connection. */
  async leave(): Promise<void> {
    if (!this.redis) return
    await this.redis.del(this.keyOf(this.nodeId)).catch(() => undefined)
    await this.redis.quit().catch(() => this.redis?.disconnect())
  }

  private keyOf(nodeId: string): string {
    return `${this.prefix}:node:${nodeId}`
  }
}

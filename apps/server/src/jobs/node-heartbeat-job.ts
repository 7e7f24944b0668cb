import { HEARTBEAT_INTERVAL_MS, type NodeRegistry } from '../domain/cluster/node-registry.ts'
import { logger } from '../logger.ts'
import type { Job } from './job.ts'

const log = logger.child({ module: 'node-heartbeat' })

/**
 * Keeps this node's presence alive while it runs (issue 14), so its peers leave its leases
 * alone; on a clean stop the presence is withdrawn. Started before the other jobs (nothing is
 * leased under this node's id before its first beat) and stopped after them (its leases are
 * settled by then). Alone (no Redis), there is nobody to tell and the beats do nothing.
 */
export class NodeHeartbeatJob implements Job {
  readonly name = 'node-heartbeat'
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly nodes: NodeRegistry) {}

  async start(): Promise<void> {
    if (this.nodes.isAlone) return
    await this.nodes.beat()
    this.timer = setInterval(() => {
      this.nodes.beat().catch((error: unknown) => {
        // Peers may take this node for dead meanwhile: at worst a delivery is sent twice, with
        // one webhook-id, which receivers deduplicate.
        log.warn({ err: error }, 'could not renew this node’s presence')
      })
    }, HEARTBEAT_INTERVAL_MS)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.nodes.leave()
  }
}

import type { AgentStatus } from '@placet/protocol'
import type { PlacetClient } from './rest-client.js'

/** Under the server's default AGENT_OFFLINE_AFTER (5 min), with room for a missed beat. */
const DEFAULT_EVERY_MS = 60_000

export type KeepAliveOptions = {
  agentId: string
  status?: AgentStatus
  message?: string | null
  /** Milliseconds between pings; default 60 000. */
  every?: number
  /** Called with each failed ping; the heartbeat goes on. */
  onError?: (error: unknown) => void
}

/** A running heartbeat: change what it reports, or stop it. */
export type KeepAlive = {
  /** Reports a new status (and message) now, and from then on with every beat. */
  set: (status: AgentStatus, message?: string | null) => Promise<void>
  /** Stops the beats; the server sets the agent offline after its silence limit. */
  stop: () => void
}

/**
 * Pings the agent's status now and every `every` ms, so the dashboard shows it alive. The timer
 * does not keep the process running.
 *
 * @example
 * const heartbeat = placet.keepAlive({ agentId, status: 'active', message: 'Watching the queue' })
 * await heartbeat.set('busy', 'Deploying')
 * heartbeat.stop()
 */
export function startKeepAlive(client: PlacetClient, options: KeepAliveOptions): KeepAlive {
  let status = options.status ?? 'active'
  let message = options.message
  const ping = async () => {
    try {
      await client.pingStatus({ agentId: options.agentId, status, message })
    } catch (error) {
      options.onError?.(error)
    }
  }
  void ping()
  const timer = setInterval(() => void ping(), options.every ?? DEFAULT_EVERY_MS)
  timer.unref?.()
  return {
    set: (nextStatus, nextMessage) => {
      status = nextStatus
      message = nextMessage
      return ping()
    },
    stop: () => clearInterval(timer),
  }
}

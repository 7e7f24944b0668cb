'use client'

import { AgentStatusPayload, AgentsOverviewStats, MessageEventPayload } from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../../../../lib/api-client'
import { useSocketEvent } from '../../../../lib/dashboard-socket-context'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { useAgents } from '../../chats/_components/use-agents'
import { AgentStatusCard, agentStatsKey } from './agent-status-card'

const OVERVIEW_KEY = ['agents', 'stats'] as const

/**
 * The status page (spec 6.5): figures across all agents, then one card per agent. Agent
 * statuses move live with `agent:status`; the figures load again when a message arrives or a
 * status changes, and on focus.
 */
export function StatusScreen() {
  const queryClient = useQueryClient()
  const agents = useAgents(null)
  const overview = useQuery({
    queryKey: OVERVIEW_KEY,
    queryFn: ({ signal }) =>
      apiRequest('/api/agents/stats', { schema: AgentsOverviewStats, signal }),
  })

  useSocketEvent('agent:status', (payload) => {
    const parsed = AgentStatusPayload.safeParse(payload)
    if (!parsed.success) return
    void queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY })
    void queryClient.invalidateQueries({ queryKey: agentStatsKey(parsed.data.agentId) })
  })
  useSocketEvent('message:created', (payload) => {
    const parsed = MessageEventPayload.safeParse(payload)
    if (!parsed.success) return
    void queryClient.invalidateQueries({ queryKey: OVERVIEW_KEY })
    void queryClient.invalidateQueries({ queryKey: agentStatsKey(parsed.data.channelId) })
  })

  const stats = overview.data
  const tiles: { label: string; value: number | undefined; tone?: string }[] = [
    { label: 'Agents', value: stats?.totalAgents },
    { label: 'Active agents', value: stats?.activeAgents, tone: 'success' },
    { label: 'Messages', value: stats?.totalMessages },
    { label: 'Successful requests', value: stats?.successRequests, tone: 'success' },
    { label: 'Failed requests', value: stats?.errorRequests, tone: 'danger' },
  ]
  const error = overview.error ?? agents.error

  return (
    <section className="page status-page" aria-labelledby="status-title">
      <h1 id="status-title">Status</h1>
      {error && (
        <p className="alert" role="alert">
          {describeRequestError(error)}
        </p>
      )}
      <ul className="stat-tiles" aria-label="Totals">
        {tiles.map((tile) => (
          <li key={tile.label} className={`stat-tile ${tile.tone ? `stat-${tile.tone}` : ''}`}>
            <span className="stat-value" data-testid={`tile-${tile.label}`}>
              {tile.value ?? '–'}
            </span>
            <span className="stat-label">{tile.label}</span>
          </li>
        ))}
      </ul>
      <h2 className="section-title">Agents</h2>
      {agents.isPending ? (
        <p className="status-text" role="status">
          Loading agents…
        </p>
      ) : agents.data?.length === 0 ? (
        <p className="status-text">No agents yet. Agents appear here once they connect.</p>
      ) : (
        <ul className="agent-status-grid">
          {agents.data?.map((agent) => (
            <li key={agent.id}>
              <AgentStatusCard agent={agent} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

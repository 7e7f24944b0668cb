'use client'

import { AgentStats, type AgentListItem } from '@placet/protocol'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { formatDuration } from '../../../../lib/status-timeline'
import { StatusHistoryChart } from './status-history-chart'

export const agentStatsKey = (agentId: string) => ['agents', agentId, 'stats'] as const

const STATUS_LABELS = { active: 'Active', busy: 'Busy', error: 'Error', offline: 'Offline' }

/** Re-renders every `intervalMs`, for times that count up ("up for 5 min"). */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** One agent on the status page: live status, uptime, counts and its status history. */
export function AgentStatusCard({ agent }: { agent: AgentListItem }) {
  useNow(30_000)
  // Read at every render, not only at the tick: a change that just arrived must be in the past.
  const now = Date.now()
  const stats = useQuery({
    queryKey: agentStatsKey(agent.id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/agents/${encodeURIComponent(agent.id)}/stats`, {
        schema: AgentStats,
        signal,
      }),
  })
  const titleId = `agent-status-${agent.id}`
  const since = agent.statusSince ? now - Date.parse(agent.statusSince) : null
  const isUp = agent.status !== 'offline'

  return (
    <article
      className="agent-status-card"
      aria-labelledby={titleId}
      data-testid="agent-status-card"
      data-agent-id={agent.id}
    >
      <header className="agent-status-head">
        <h3 id={titleId}>{agent.name}</h3>
        <span className={`status-pill status-${agent.status}`} data-testid="agent-status">
          {STATUS_LABELS[agent.status]}
        </span>
      </header>
      <p className="agent-status-since">
        {since === null
          ? 'No status reported yet'
          : `${isUp ? 'Up' : 'Offline'} for ${formatDuration(since)}`}
        {agent.statusMessage && (
          <span className="agent-status-message"> · {agent.statusMessage}</span>
        )}
      </p>
      <dl className="agent-counts">
        <div>
          <dt>Inbound</dt>
          <dd>{stats.data?.totalInbound ?? '–'}</dd>
        </div>
        <div>
          <dt>Outbound</dt>
          <dd>{stats.data?.totalOutbound ?? '–'}</dd>
        </div>
        <div>
          <dt>Requests ok</dt>
          <dd>{stats.data?.successRequests ?? '–'}</dd>
        </div>
        <div>
          <dt>Requests failed</dt>
          <dd>{stats.data?.errorRequests ?? '–'}</dd>
        </div>
      </dl>
      <StatusHistoryChart history={stats.data?.statusHistory ?? []} now={now} />
    </article>
  )
}

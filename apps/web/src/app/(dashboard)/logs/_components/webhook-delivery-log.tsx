'use client'

import { WebhookDelivery, WebhookDeliveryPage } from '@placet/protocol'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { useSocketEvent } from '../../../../lib/dashboard-socket-context'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { formatDateTime } from '../../../../lib/format-date-time'
import { statusTone } from './api-request-log'
import { LogFilter, agentOptions } from './log-filters'

const STATES = [
  { value: '', label: 'Any' },
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'Pending' },
  { value: 'delivered', label: 'Delivered' },
]

/** Webhook deliveries of every agent with their attempts, and Replay (issue 5, spec 6.6). */
export function WebhookDeliveryLog({ agentNames }: { agentNames: ReadonlyMap<string, string> }) {
  const queryClient = useQueryClient()
  const [agent, setAgent] = useState('')
  const [state, setState] = useState('')
  const [replayError, setReplayError] = useState<string | null>(null)
  const queryKey = ['webhook-deliveries', { agent, state }]
  const deliveries = useInfiniteQuery({
    queryKey,
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: '50' })
      if (agent) query.set('agent', agent)
      if (state) query.set('state', state)
      if (pageParam) query.set('cursor', pageParam)
      return apiRequest(`/api/webhook-deliveries?${query}`, { schema: WebhookDeliveryPage, signal })
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  })
  const replay = useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/webhook-deliveries/${encodeURIComponent(id)}/replay`, {
        method: 'POST',
        schema: WebhookDelivery,
      }),
    onMutate: () => setReplayError(null),
    onError: (error) => setReplayError(describeRequestError(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhook-deliveries'] }),
  })
  // An attempt that changes a message's ticks says so on the socket: show its outcome.
  useSocketEvent('message:delivery', () => {
    void queryClient.invalidateQueries({ queryKey: ['webhook-deliveries'] })
  })
  const rows = deliveries.data?.pages.flatMap((page) => page.data) ?? []

  return (
    <div className="log-view">
      <div className="log-filters">
        <LogFilter
          label="Agent"
          value={agent}
          options={agentOptions(agentNames)}
          onChange={setAgent}
        />
        <LogFilter label="State" value={state} options={STATES} onChange={setState} />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void deliveries.refetch()}
        >
          Refresh
        </button>
      </div>
      {(deliveries.error || replayError) && (
        <p className="alert" role="alert" data-testid="delivery-error">
          {replayError ?? describeRequestError(deliveries.error)}
        </p>
      )}
      {deliveries.isPending ? (
        <p className="status-text" role="status">
          Loading deliveries…
        </p>
      ) : rows.length === 0 ? (
        <p className="status-text">No webhook deliveries match these filters.</p>
      ) : (
        <ul className="log-list" data-testid="delivery-list">
          {rows.map((delivery) => (
            <li
              key={delivery.id}
              className="delivery-row"
              data-testid="delivery-row"
              data-state={delivery.state}
            >
              <details>
                <summary>
                  <span
                    className={`badge badge-state-${delivery.state}`}
                    data-testid="delivery-state"
                  >
                    {delivery.state}
                  </span>
                  <span className="log-path">{delivery.event}</span>
                  <span className="log-agent">{agentNames.get(delivery.agentId) ?? ''}</span>
                  <span className="log-time">
                    {formatDateTime(delivery.createdAt)} · {delivery.attempts.length} attempt
                    {delivery.attempts.length === 1 ? '' : 's'}
                  </span>
                </summary>
                <p className="log-detail-path">{delivery.url}</p>
                {delivery.lastError && <p className="hint">Last error: {delivery.lastError}</p>}
                <ol className="attempt-list" aria-label="Attempts, newest first">
                  {delivery.attempts.map((attempt) => (
                    <li key={attempt.id}>
                      <span className={`badge badge-${statusTone(attempt.statusCode)}`}>
                        {attempt.statusCode || '—'}
                      </span>{' '}
                      {formatDateTime(attempt.attemptedAt)} · {attempt.durationMs} ms
                      {attempt.error && ` · ${attempt.error}`}
                    </li>
                  ))}
                </ol>
              </details>
              <button
                type="button"
                className="button button-secondary"
                disabled={replay.isPending && replay.variables === delivery.id}
                onClick={() => replay.mutate(delivery.id)}
                aria-label={`Replay ${delivery.event} to ${delivery.url}`}
              >
                Replay
              </button>
            </li>
          ))}
        </ul>
      )}
      {deliveries.hasNextPage && (
        <button
          type="button"
          className="button button-secondary load-more"
          onClick={() => void deliveries.fetchNextPage()}
        >
          Load older deliveries
        </button>
      )}
    </div>
  )
}

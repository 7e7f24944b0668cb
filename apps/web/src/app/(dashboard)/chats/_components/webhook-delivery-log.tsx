'use client'

import { WebhookDelivery, WebhookDeliveryPage } from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { useSocketEvent } from '../../../../lib/dashboard-socket-context'
import { formatDateTime } from '../../../../lib/format-date-time'

/**
 * The agent's webhook deliveries (newest first) with a manual replay (issue 5). No socket event
 * patches this list as it does messages, so it is loaded whenever the settings open and again
 * when a message's delivery state changes.
 */
export function WebhookDeliveryLog({ agentId }: { agentId: string }) {
  const queryClient = useQueryClient()
  const key = ['webhook-deliveries', agentId]
  const [error, setError] = useState<string | null>(null)
  const { data, isLoading } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      apiRequest(`/api/agents/${encodeURIComponent(agentId)}/webhook-deliveries?limit=20`, {
        schema: WebhookDeliveryPage,
        signal,
      }),
    refetchOnMount: 'always',
  })
  useSocketEvent('message:delivery', () => void queryClient.invalidateQueries({ queryKey: key }))

  async function replay(id: string) {
    try {
      await apiRequest(`/api/webhook-deliveries/${encodeURIComponent(id)}/replay`, {
        method: 'POST',
        schema: WebhookDelivery,
      })
      await queryClient.invalidateQueries({ queryKey: key })
    } catch (caught) {
      setError(describeRequestError(caught))
    }
  }

  return (
    <section className="settings-block" aria-labelledby="deliveries-title">
      <h3 id="deliveries-title">Webhook deliveries</h3>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {isLoading ? (
        <p className="status-text">Loading…</p>
      ) : !data || data.data.length === 0 ? (
        <p className="hint">No webhook was sent yet.</p>
      ) : (
        <ul className="delivery-log">
          {data.data.map((delivery) => (
            <li key={delivery.id}>
              <span className={`badge badge-${delivery.state}`}>{delivery.state}</span>
              <span>{delivery.event}</span>
              <span className="hint">
                {formatDateTime(delivery.createdAt)} · {delivery.attemptCount} attempts
                {delivery.lastError ? ` · ${delivery.lastError}` : ''}
              </span>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void replay(delivery.id)}
                aria-label={`Replay ${delivery.event} of ${formatDateTime(delivery.createdAt)}`}
              >
                Replay
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

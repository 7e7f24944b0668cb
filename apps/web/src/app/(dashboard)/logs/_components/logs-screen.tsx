'use client'

import { useState } from 'react'
import { useAgents } from '../../chats/_components/use-agents'
import { ApiRequestLog } from './api-request-log'
import { WebhookDeliveryLog } from './webhook-delivery-log'

type Tab = 'requests' | 'deliveries'

/**
 * The logs page (spec 6.6): the API request log, inbound and outbound, and the webhook
 * deliveries with their attempts and a Replay button.
 */
export function LogsScreen() {
  const [tab, setTab] = useState<Tab>('requests')
  const agents = useAgents(null)
  const agentNames = new Map((agents.data ?? []).map((agent) => [agent.id, agent.name]))

  return (
    <section className="page logs-page" aria-labelledby="logs-title">
      <h1 id="logs-title">Logs</h1>
      <div className="segmented" role="tablist" aria-label="Log">
        <button
          type="button"
          role="tab"
          className="segmented-item"
          id="logs-tab-requests"
          aria-selected={tab === 'requests'}
          aria-controls="logs-panel"
          onClick={() => setTab('requests')}
        >
          API requests
        </button>
        <button
          type="button"
          role="tab"
          className="segmented-item"
          id="logs-tab-deliveries"
          aria-selected={tab === 'deliveries'}
          aria-controls="logs-panel"
          onClick={() => setTab('deliveries')}
        >
          Webhook deliveries
        </button>
      </div>
      <div id="logs-panel" role="tabpanel" aria-labelledby={`logs-tab-${tab}`}>
        {tab === 'requests' ? (
          <ApiRequestLog agentNames={agentNames} />
        ) : (
          <WebhookDeliveryLog agentNames={agentNames} />
        )}
      </div>
    </section>
  )
}

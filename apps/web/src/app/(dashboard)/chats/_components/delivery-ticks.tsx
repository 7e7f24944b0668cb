'use client'

import { RetryResponse, type DeliveryStatus } from '@placet/protocol'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'

const TICKS: Record<DeliveryStatus, { marks: string; label: string }> = {
  sent: { marks: '✓', label: 'Sent' },
  webhook_delivered: { marks: '✓✓', label: 'Delivered to the webhook' },
  webhook_failed: { marks: '✓ ✕', label: 'Webhook delivery failed' },
  agent_received: { marks: '✓✓', label: 'Received by the agent' },
}

/** WhatsApp-style delivery state (spec 4.5), with Retry after a failed webhook. */
export function DeliveryTicks({
  messageId,
  status,
}: {
  messageId: string
  status: DeliveryStatus
}) {
  const [retry, setRetry] = useState<'idle' | 'sending' | 'sent' | { error: string }>('idle')
  const { marks, label } = TICKS[status]

  async function retryDelivery() {
    setRetry('sending')
    try {
      await apiRequest(`/api/messages/${encodeURIComponent(messageId)}/retry`, {
        method: 'POST',
        schema: RetryResponse,
      })
      setRetry('sent')
    } catch (error) {
      setRetry({ error: describeRequestError(error) })
    }
  }

  return (
    <span className="delivery" data-testid="delivery" data-status={status}>
      <span className={`ticks ticks-${status}`} role="img" aria-label={label} title={label}>
        {marks}
      </span>
      {status === 'webhook_failed' && (
        <button
          type="button"
          className="link-button"
          onClick={() => void retryDelivery()}
          disabled={retry === 'sending'}
        >
          Retry
        </button>
      )}
      {typeof retry === 'object' && (
        <span className="inline-error" role="alert">
          {retry.error}
        </span>
      )}
    </span>
  )
}

import type { Review } from '@placet/protocol'
import type { Tx } from './database.ts'

/*
 * What webhook delivery reads and writes of messages and the event log: the raw review a body
 * is built from, the delivery ticks (spec 4.5), and the logged event a retry rebuilds from.
 */

/** What the outbox reads of a message with a review: the raw review, passwords included. */
export type WebhookMessage = {
  id: string
  channelId: string
  senderType: string
  review: Review | null
  metadata: Record<string, unknown> | null
  iterationGroupId: string | null
  iteration: number | null
  createdAt: Date
}

export async function findWebhookMessage(tx: Tx, id: string): Promise<WebhookMessage | null> {
  const row = await tx.message.findUnique({
    where: { id },
    select: {
      id: true,
      channelId: true,
      senderType: true,
      review: true,
      metadata: true,
      iterationGroupId: true,
      iteration: true,
      createdAt: true,
    },
  })
  if (!row) return null
  return {
    ...row,
    review: (row.review as Review | null) ?? null,
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
  }
}

/**
 * Sets a message's delivery ticks (spec 4.5); false when nothing changed. `agent_received` is
 * final: the agent said it has the message, and a later webhook attempt must not take that back.
 */
export async function setMessageDeliveryStatus(
  tx: Tx,
  messageId: string,
  status: 'webhook_delivered' | 'webhook_failed',
): Promise<boolean> {
  const { count } = await tx.message.updateMany({
    where: { id: messageId, deliveryStatus: { notIn: [status, 'agent_received'] } },
    data: { deliveryStatus: status },
  })
  return count === 1
}

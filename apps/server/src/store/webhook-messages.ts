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

/**
 * The logged event a message's webhook was built from (`message:created` or
 * `review:responded`), for a retry that finds no delivery to re-queue. Payloads are JSON text,
 * so candidates are found by substring and checked exactly.
 */
export async function findMessageEvent(
  tx: Tx,
  query: { channelId: string; messageId: string; type: string; since: Date },
): Promise<{ seq: number; payload: Record<string, unknown>; createdAt: Date } | null> {
  const rows = await tx.event.findMany({
    where: {
      channelId: query.channelId,
      type: query.type,
      createdAt: { gte: query.since },
      payload: { contains: `"id":"${query.messageId}"` },
    },
    orderBy: { seq: 'desc' },
    take: 20,
  })
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as Record<string, unknown>
    if (payload.id === query.messageId)
      return { seq: row.seq, payload: { ...payload, seq: row.seq }, createdAt: row.createdAt }
  }
  return null
}

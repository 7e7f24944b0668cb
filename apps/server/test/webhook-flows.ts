/**
 * The steps the webhook tests repeat, over the public API: an agent with a webhook, a review
 * asked by the agent and answered by its owner, the delivery log.
 */
import type { WebhookDelivery } from '@placet/protocol'
import { expect } from 'vitest'
import { eventually, type TestClient } from './harness.ts'

/** Settings that make retries quick and let deliveries reach the loopback receiver. */
export const FAST_WEBHOOKS = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_SCHEDULE: '50ms,50ms,50ms,50ms',
}

/** A new agent whose channel webhook points at `url`; `secret` is the one shown that once. */
export async function createHookedAgent(
  client: TestClient,
  url: string,
  settings: Record<string, unknown> = {},
) {
  const created = await client.post('/api/v1/agents', { name: 'Hooked' })
  expect(created.status).toBe(201)
  const reply = await client.post('/api/v1/agents/setWebhook', {
    channelId: created.body.id,
    url,
    ...settings,
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return { agentId: created.body.id as string, secret: reply.body.webhookSecret as string }
}

/** The agent asks for an approval; `extra` adds fields of the message (webhookUrl, review…). */
export async function askApproval(
  client: TestClient,
  channelId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const reply = await client.post('/api/v1/messages', {
    channelId,
    text: 'Deploy?',
    review: { type: 'approval', payload: { options: [{ id: 'ok', label: 'OK' }] } },
    ...extra,
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body.id
}

/** The owner answers in the dashboard. */
export async function answer(
  client: TestClient,
  messageId: string,
  response: Record<string, unknown> = { selectedOption: 'ok' },
) {
  const reply = await client.post(`/api/messages/${messageId}/respond`, { response })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

export async function deliveriesOf(
  client: TestClient,
  agentId: string,
): Promise<WebhookDelivery[]> {
  const reply = await client.get(`/api/agents/${agentId}/webhook-deliveries`)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.data
}

/** The agent's newest delivery, once `isDone` holds for it. */
export function awaitDelivery(
  client: TestClient,
  agentId: string,
  isDone: (delivery: WebhookDelivery) => boolean,
): Promise<WebhookDelivery> {
  return eventually(
    async () => (await deliveriesOf(client, agentId))[0],
    (delivery) => delivery !== undefined && isDone(delivery),
  ) as Promise<WebhookDelivery>
}

/** The message's ticks as the dashboard reads them, once they reach `status`. */
export function awaitDeliveryStatus(client: TestClient, messageId: string, status: string) {
  return eventually(
    async () => (await client.get(`/api/messages/${messageId}`)).body.deliveryStatus,
    (deliveryStatus) => deliveryStatus === status,
  )
}

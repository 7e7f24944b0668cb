import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'
import {
  FAST_WEBHOOKS,
  answer,
  askApproval,
  awaitDelivery,
  awaitDeliveryStatus,
  createHookedAgent,
} from './webhook-flows.ts'
import { WebhookReceiver } from './webhook-receiver.ts'

/*
 * The SSRF guard (spec 4.3, 9.1.4, issue 5): loopback and private targets are refused when a
 * URL is registered, and again before every send, where the refusal is recorded on the
 * delivery instead of failing silently as in Placet.
 */

let server: TestServer
let owner: TestClient
let receiver: WebhookReceiver

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: '50ms' })
  owner = await ownerClient(server)
  receiver = await WebhookReceiver.start()
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

describe('SSRF guard', () => {
  it('refuses private and loopback targets at registration with 400', async () => {
    const agent = await owner.post('/api/v1/agents', { name: 'Guarded' })
    for (const url of [
      receiver.url('/hook'),
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost/x',
    ]) {
      const reply = await owner.post('/api/v1/agents/setWebhook', { channelId: agent.body.id, url })
      expect(reply.status, url).toBe(400)
      expect(reply.body.message).toMatch(/^Webhook URL refused/)
    }
    const perMessage = await owner.post('/api/v1/messages', {
      channelId: agent.body.id,
      text: 'x',
      webhookUrl: receiver.url('/once'),
    })
    expect(perMessage.status).toBe(400)
  })

  it('refuses at send time a target that became private, and records why', async () => {
    // Registered while private targets were allowed; the server then restarts without that.
    let current = await server.restart({ ...FAST_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE: '50ms' })
    const allowed = await ownerClient(current)
    const { agentId } = await createHookedAgent(allowed, receiver.url('/now-private'))
    current = await current.restart({ WEBHOOK_RETRY_SCHEDULE: '50ms' })
    server = current
    const client = await ownerClient(current)

    const messageId = await askApproval(client, agentId)
    await answer(client, messageId)
    const delivery = await awaitDelivery(client, agentId, (entry) => entry.state === 'failed')
    expect(delivery.lastError).toMatch(
      /^Refused by the SSRF guard: Address 127\.0\.0\.1 is private/,
    )
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([0, 0])
    expect(receiver.at('/now-private')).toHaveLength(0)
    await awaitDeliveryStatus(client, messageId, 'webhook_failed')
  })
})

import { ReviewRespondedWebhook } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import {
  FAST_WEBHOOKS,
  answer,
  askApproval,
  awaitDelivery,
  awaitDeliveryStatus,
  createHookedAgent,
  deliveriesOf,
} from './webhook-flows.ts'
import { WebhookReceiver, verifyWebhook } from './webhook-receiver.ts'

let server: TestServer
let owner: TestClient
let receiver: WebhookReceiver

beforeAll(async () => {
  server = await startTestServer(FAST_WEBHOOKS)
  owner = await ownerClient(server)
  receiver = await WebhookReceiver.start()
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

const CREDENTIALS = {
  headers: { 'x-team': 'blue' },
  auth: { username: 'bot', password: 'basic-pw' },
}

describe('review:responded webhooks (spec 4.1, issue 5)', () => {
  it('sends the raw answer, signed so that standardwebhooks verifies it, with the channel credentials', async () => {
    const { agentId, secret } = await createHookedAgent(
      owner,
      receiver.url('/answers'),
      CREDENTIALS,
    )
    const asked = await owner.post('/api/v1/messages', {
      channelId: agentId,
      review: {
        type: 'form',
        payload: {
          fields: [{ name: 'db_password', type: 'password', label: 'Password', required: true }],
        },
      },
    })
    await answer(owner, asked.body.id, { db_password: 'hunter2' })

    const [request] = await receiver.waitFor('/answers')
    const body = ReviewRespondedWebhook.parse(verifyWebhook(secret, request!))
    expect(body).toMatchObject({
      event: 'review:responded',
      channelId: agentId,
      message_id: asked.body.id,
      messageId: asked.body.id,
      review_type: 'form',
      // Raw, as Placet sends it: the receiver is the agent that asked (spec 1.6).
      response: { db_password: 'hunter2' },
      respondedBy: { name: expect.any(String) },
    })
    expect(body.responded_at).toMatch(/^\d{4}-/)
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Placet-Webhooks/1',
      authorization: `Basic ${Buffer.from('bot:basic-pw').toString('base64')}`,
      'x-team': 'blue',
    })
    expect(request!.headers['webhook-id']).toMatch(/^msg_\d+_[0-9a-f]{12}$/)
  })

  it('marks the message delivered, announces it, and logs the dispatch with secrets masked', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/ticks'), CREDENTIALS)
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)
    await receiver.waitFor('/ticks')
    await awaitDeliveryStatus(owner, messageId, 'webhook_delivered')

    const events = await owner.get(`/api/v1/events?channel=${agentId}`)
    expect(
      events.body.data
        .filter((event: { type: string }) => event.type === 'message:delivery')
        .map((event: any) => event.payload),
    ).toEqual([
      expect.objectContaining({
        messageId,
        deliveryStatus: 'webhook_delivered',
        channelId: agentId,
      }),
    ])

    const logs = await server.services.db.read((tx) =>
      tx.apiLog.findMany({ where: { agentId, direction: 'outbound' } }),
    )
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({ method: 'POST', path: receiver.url('/ticks'), statusCode: 200 })
    expect(JSON.parse(logs[0]!.requestBody!)).toMatchObject({
      event: 'review:responded',
      messageId,
    })
  })

  it('keeps password answers out of the outbound log', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/masked'))
    const asked = await owner.post('/api/v1/messages', {
      channelId: agentId,
      review: {
        type: 'form',
        payload: { fields: [{ name: 'api_token', type: 'password', label: 'Token' }] },
      },
    })
    await answer(owner, asked.body.id, { api_token: 'tok-123' })
    await awaitDelivery(owner, agentId, (delivery) => delivery.state === 'delivered')
    const [log] = await server.services.db.read((tx) =>
      tx.apiLog.findMany({ where: { agentId, direction: 'outbound' } }),
    )
    expect(log!.requestBody).not.toContain('tok-123')
    expect(JSON.parse(log!.requestBody!).response).toEqual({ api_token: '***' })
  })

  it('sends per-message URLs no channel credentials, but still signs them (spec 9.1.5)', async () => {
    const { agentId, secret } = await createHookedAgent(
      owner,
      receiver.url('/channel-only'),
      CREDENTIALS,
    )
    const messageId = await askApproval(owner, agentId, {
      webhookUrl: receiver.url('/just-this-one'),
    })
    await answer(owner, messageId)
    const [request] = await receiver.waitFor('/just-this-one')
    expect(request!.headers).not.toHaveProperty('authorization')
    expect(request!.headers).not.toHaveProperty('x-team')
    expect(verifyWebhook(secret, request!)).toMatchObject({ event: 'review:responded', messageId })
    expect(receiver.at('/channel-only')).toHaveLength(0)
  })

  it('falls back to the legacy review callback with its own method and headers only', async () => {
    const created = await owner.post('/api/v1/agents', { name: 'No channel webhook' })
    const messageId = await askApproval(owner, created.body.id, {
      review: {
        type: 'approval',
        payload: { options: [{ id: 'ok', label: 'OK' }] },
        callback: { url: receiver.url('/legacy'), method: 'PUT', headers: { 'x-callback': 'yes' } },
      },
    })
    await answer(owner, messageId)
    const [request] = await receiver.waitFor('/legacy')
    expect(request!.method).toBe('PUT')
    expect(request!.headers['x-callback']).toBe('yes')
    // No channel webhook was ever set, so there is no secret to sign with yet.
    expect(request!.headers).not.toHaveProperty('webhook-signature')
    expect(request!.headers['webhook-id']).toMatch(/^msg_/)
  })
})

describe('message:created webhooks (spec 3.5, 4.1)', () => {
  it('sends what a person writes to the channel webhook, and nothing for the agent’s own messages', async () => {
    const { agentId, secret } = await createHookedAgent(owner, receiver.url('/chat'))
    expect(
      (await owner.post('/api/v1/messages', { channelId: agentId, text: 'from the agent' })).status,
    ).toBe(201)
    const written = await owner.post('/api/messages', { channelId: agentId, text: 'hello agent' })
    expect(written.status).toBe(201)

    const [request] = await receiver.waitFor('/chat')
    expect(verifyWebhook(secret, request!)).toMatchObject({
      event: 'message:created',
      channelId: agentId,
      message: { id: written.body.id, text: 'hello agent', senderType: 'user' },
    })
    await awaitDeliveryStatus(owner, written.body.id, 'webhook_delivered')
    // The outbox row is written with the event, so the agent's message would be there by now.
    expect((await deliveriesOf(owner, agentId)).map((delivery) => delivery.event)).toEqual([
      'message:created',
    ])
  })
})

describe('opt-in events (spec 9.1.6)', () => {
  it('sends agent:status and review:cancelled only to endpoints that subscribed', async () => {
    const subscribed = await createHookedAgent(owner, receiver.url('/opted-in'), {
      events: ['agent:status', 'review:cancelled'],
    })
    const plain = await createHookedAgent(owner, receiver.url('/opted-out'))
    for (const { agentId } of [plain, subscribed]) {
      expect(
        (await owner.post('/api/v1/status/ping', { agentId, status: 'busy', message: 'deploying' }))
          .status,
      ).toBe(201)
      const messageId = await askApproval(owner, agentId)
      expect((await owner.post(`/api/v1/reviews/${messageId}/cancel`)).status).toBe(200)
    }
    const requests = await receiver.waitFor('/opted-in', 2)
    const bodies = requests.map((request) => verifyWebhook(subscribed.secret, request))
    expect(bodies).toEqual(
      expect.arrayContaining([
        {
          event: 'agent:status',
          channelId: subscribed.agentId,
          agentId: subscribed.agentId,
          status: 'busy',
          statusMessage: 'deploying',
          statusSince: expect.any(String),
        },
        expect.objectContaining({
          event: 'review:cancelled',
          channelId: subscribed.agentId,
          cancelled_at: expect.any(String),
        }),
      ]),
    )
    expect(await deliveriesOf(owner, plain.agentId)).toEqual([])
  })
})

describe('review:expired webhooks', () => {
  it('are delivered and tracked like answers', async () => {
    const { agentId, secret } = await createHookedAgent(owner, receiver.url('/expired'))
    const messageId = await askApproval(owner, agentId, {
      review: {
        type: 'approval',
        payload: { options: [{ id: 'ok', label: 'OK' }] },
        expiresInSeconds: 1,
      },
    })
    const [request] = await receiver.waitFor('/expired')
    expect(verifyWebhook(secret, request!)).toMatchObject({
      event: 'review:expired',
      messageId,
      message_id: messageId,
      review_type: 'approval',
      expired_at: expect.any(String),
    })
    expect(
      await awaitDelivery(owner, agentId, (delivery) => delivery.state === 'delivered'),
    ).toMatchObject({ event: 'review:expired', messageId })
  })
})

describe('secret rotation (issue 5)', () => {
  it('signs with both secrets for 24 h after a rotation, then with the new one only', async () => {
    const { agentId, secret: oldSecret } = await createHookedAgent(owner, receiver.url('/rotation'))
    const rotated = await owner.post('/api/v1/agents/rotateWebhookSecret', { channelId: agentId })
    expect(rotated.status).toBe(200)
    const newSecret: string = rotated.body.webhookSecret

    await answer(owner, await askApproval(owner, agentId))
    const [during] = await receiver.waitFor('/rotation')
    expect(during!.headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(() => verifyWebhook(oldSecret, during!)).not.toThrow()
    expect(() => verifyWebhook(newSecret, during!)).not.toThrow()

    const dayAndHourAgo = new Date(Date.now() - 25 * 3_600_000)
    await server.services.db.transaction((tx) =>
      tx.agent.update({ where: { id: agentId }, data: { webhookSecretRotatedAt: dayAndHourAgo } }),
    )
    await answer(owner, await askApproval(owner, agentId))
    const [, after] = await receiver.waitFor('/rotation', 2)
    expect(after!.headers['webhook-signature']!.split(' ')).toHaveLength(1)
    expect(() => verifyWebhook(newSecret, after!)).not.toThrow()
    expect(() => verifyWebhook(oldSecret, after!)).toThrow()
  })
})

describe('the delivery log never shows secrets', () => {
  it('lists deliveries without headers, credentials or the signing secret', async () => {
    const { agentId, secret } = await createHookedAgent(owner, receiver.url('/quiet'), CREDENTIALS)
    await answer(owner, await askApproval(owner, agentId))
    await awaitDelivery(owner, agentId, (delivery) => delivery.state === 'delivered')
    const text = JSON.stringify((await owner.get(`/api/agents/${agentId}/webhook-deliveries`)).body)
    for (const secretValue of [secret, 'basic-pw', 'blue', secret.slice(6)])
      expect(text).not.toContain(secretValue)
  })

  it('is not another user’s to read', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/private'))
    const member = await memberClient(server)
    expect((await member.get(`/api/v1/agents/${agentId}/webhook-deliveries`)).status).toBe(403)
    expect((await member.get(`/api/agents/${agentId}/webhook-deliveries`)).status).toBe(403)
  })
})

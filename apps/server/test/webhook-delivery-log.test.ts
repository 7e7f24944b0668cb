import { WebhookDeliveryPage } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
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
  createHookedAgent,
  deliveriesOf,
} from './webhook-flows.ts'
import { WebhookReceiver } from './webhook-receiver.ts'

/* The delivery log and manual replay through the dashboard API (issue 5, spec 3.5 retry). */

let server: TestServer
let owner: TestClient
let member: TestClient
let receiver: WebhookReceiver

beforeAll(async () => {
  server = await startTestServer(FAST_WEBHOOKS)
  owner = await ownerClient(server)
  member = await memberClient(server)
  receiver = await WebhookReceiver.start()
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

describe('delivery log', () => {
  it('pages an agent’s deliveries newest first, each with its attempts', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/log'))
    for (let index = 0; index < 3; index++) await answer(owner, await askApproval(owner, agentId))
    await eventually(
      () => deliveriesOf(owner, agentId),
      (list) => list.length === 3 && list.every((entry) => entry.state === 'delivered'),
    )

    const first = await owner.get(`/api/agents/${agentId}/webhook-deliveries?limit=2`)
    const page = WebhookDeliveryPage.parse(first.body)
    expect(page.data).toHaveLength(2)
    expect(page.nextCursor).toBe(page.data[1]!.id)
    const second = WebhookDeliveryPage.parse(
      (
        await owner.get(
          `/api/agents/${agentId}/webhook-deliveries?limit=2&cursor=${page.nextCursor}`,
        )
      ).body,
    )
    expect(second).toMatchObject({ nextCursor: null })
    expect(second.data).toHaveLength(1)
    const all = [...page.data, ...second.data]
    expect(all.map((entry) => entry.createdAt)).toEqual(
      [...all.map((entry) => entry.createdAt)].sort().reverse(),
    )
    expect(all[0]!.attempts[0]).toMatchObject({
      statusCode: 200,
      error: null,
      durationMs: expect.any(Number),
      attemptedAt: expect.any(String),
    })

    const one = await owner.get(`/api/webhook-deliveries/${all[0]!.id}`)
    expect(one.status).toBe(200)
    expect(one.body).toEqual(all[0])
    // The agent's own key reads the same log.
    expect((await owner.get(`/api/v1/agents/${agentId}/webhook-deliveries?limit=2`)).body).toEqual(
      page,
    )
  })

  it('answers 404 for unknown agents and deliveries, 400 for a foreign cursor', async () => {
    expect((await owner.get('/api/agents/nope/webhook-deliveries')).status).toBe(404)
    expect((await owner.get('/api/webhook-deliveries/nope')).status).toBe(404)
    expect((await owner.post('/api/webhook-deliveries/nope/replay')).status).toBe(404)
    const { agentId } = await createHookedAgent(owner, receiver.url('/cursor'))
    expect(
      (await owner.get(`/api/agents/${agentId}/webhook-deliveries?cursor=somebody-else`)).status,
    ).toBe(400)
  })
})

describe('GET /api/webhook-deliveries (all agents, issue 10)', () => {
  it('lists the deliveries of every agent of the user, narrowed by agent and state', async () => {
    const first = await createHookedAgent(owner, receiver.url('/all-1'))
    const second = await createHookedAgent(owner, receiver.url('/all-2'))
    await answer(owner, await askApproval(owner, first.agentId))
    await answer(owner, await askApproval(owner, second.agentId))
    await awaitDelivery(owner, first.agentId, (entry) => entry.state === 'delivered')
    await awaitDelivery(owner, second.agentId, (entry) => entry.state === 'delivered')

    const all = WebhookDeliveryPage.parse(
      (await owner.get('/api/webhook-deliveries?limit=100')).body,
    )
    const agents = new Set(all.data.map((entry) => entry.agentId))
    expect(agents.has(first.agentId) && agents.has(second.agentId)).toBe(true)
    expect(all.data.map((entry) => entry.createdAt)).toEqual(
      all.data
        .map((entry) => entry.createdAt)
        .sort()
        .reverse(),
    )
    const ofSecond = WebhookDeliveryPage.parse(
      (await owner.get(`/api/webhook-deliveries?agent=${second.agentId}&state=delivered`)).body,
    )
    expect(ofSecond.data.map((entry) => entry.agentId)).toEqual([second.agentId])
    expect(
      WebhookDeliveryPage.parse(
        (await owner.get(`/api/webhook-deliveries?agent=${second.agentId}&state=failed`)).body,
      ).data,
    ).toEqual([])

    const paged = WebhookDeliveryPage.parse(
      (await owner.get('/api/webhook-deliveries?limit=1')).body,
    )
    expect(paged.nextCursor).toBe(all.data[0]!.id)
    const next = await owner.get(`/api/webhook-deliveries?limit=1&cursor=${paged.nextCursor}`)
    expect(next.body.data[0].id).toBe(all.data[1]!.id)

    // Another user sees none of it and cannot page from its cursor.
    expect((await member.get('/api/webhook-deliveries')).body).toEqual({
      data: [],
      nextCursor: null,
    })
    expect((await member.get(`/api/webhook-deliveries?cursor=${all.data[0]!.id}`)).status).toBe(400)
    expect((await owner.get('/api/webhook-deliveries?state=retrying')).status).toBe(400)
  })
})

describe('replay', () => {
  it('sends the same delivery again with the same webhook-id', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/replay'))
    await answer(owner, await askApproval(owner, agentId))
    const delivered = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')

    const replayed = await owner.post(`/api/webhook-deliveries/${delivered.id}/replay`)
    expect(replayed.status).toBe(200)
    expect(replayed.body).toMatchObject({ id: delivered.id, state: 'pending' })
    const [original, again] = await receiver.waitFor('/replay', 2)
    expect(again!.headers['webhook-id']).toBe(original!.headers['webhook-id'])
    expect(again!.body).toBe(original!.body)
    await eventually(
      async () => (await owner.get(`/api/webhook-deliveries/${delivered.id}`)).body,
      (entry) => entry.state === 'delivered' && entry.attempts.length === 2,
    )
  })

  it('gives a failed delivery a fresh schedule', async () => {
    receiver.answerWith((request) =>
      request.path === '/revived' && receiver.at('/revived').length <= 5 ? 500 : 200,
    )
    const { agentId } = await createHookedAgent(owner, receiver.url('/revived'))
    await answer(owner, await askApproval(owner, agentId))
    const dead = await awaitDelivery(owner, agentId, (entry) => entry.state === 'failed')
    expect(dead.attempts).toHaveLength(5)

    expect((await owner.post(`/api/webhook-deliveries/${dead.id}/replay`)).status).toBe(200)
    const revived = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    expect(revived).toMatchObject({ id: dead.id, attemptCount: 1, lastError: null })
    expect(revived.attempts).toHaveLength(6)
    receiver.answerWith(() => 200)
  })
})

describe('POST /api/messages/:id/retry (spec 3.5)', () => {
  it('re-queues the message’s latest delivery and answers 200 {retried:true}', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/retry'))
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)
    await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')

    const retried = await owner.post(`/api/messages/${messageId}/retry`)
    expect(retried.status).toBe(200)
    expect(retried.body).toEqual({ retried: true })
    const [first, second] = await receiver.waitFor('/retry', 2)
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(await deliveriesOf(owner, agentId)).toHaveLength(1)
  })

  it('re-sends a person’s message too', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/retry-chat'))
    const written = await owner.post('/api/messages', { channelId: agentId, text: 'ping' })
    await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    expect((await owner.post(`/api/messages/${written.body.id}/retry`)).status).toBe(200)
    const [, again] = await receiver.waitFor('/retry-chat', 2)
    expect(again!.json).toMatchObject({
      event: 'message:created',
      message: { id: written.body.id },
    })
  })

  it('routes afresh an answer that had no webhook when it was given', async () => {
    const created = await owner.post('/api/v1/agents', { name: 'Hooked later' })
    const agentId = created.body.id
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)
    const refused = await owner.post(`/api/messages/${messageId}/retry`)
    expect(refused.status).toBe(400)
    expect(refused.body.message).toMatch(/^No webhook configured/)

    await owner.post('/api/v1/agents/setWebhook', {
      channelId: agentId,
      url: receiver.url('/late'),
    })
    expect((await owner.post(`/api/messages/${messageId}/retry`)).status).toBe(200)
    const [request] = await receiver.waitFor('/late')
    expect(request!.json).toMatchObject({ event: 'review:responded', messageId })
  })

  it('refuses messages that are never sent as webhooks', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/never'))
    const pending = await askApproval(owner, agentId)
    const agentText = await owner.post('/api/v1/messages', {
      channelId: agentId,
      text: 'status update',
    })
    for (const id of [pending, agentText.body.id]) {
      const reply = await owner.post(`/api/messages/${id}/retry`)
      expect(reply.status).toBe(400)
      expect(reply.body.message).toMatch(/^Cannot retry/)
    }
    expect((await owner.post('/api/messages/nope/retry')).status).toBe(404)
  })
})

describe('another user', () => {
  it('can neither see, replay nor retry your deliveries', async () => {
    const { agentId } = await createHookedAgent(owner, receiver.url('/mine'))
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)
    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')

    expect((await member.get(`/api/agents/${agentId}/webhook-deliveries`)).status).toBe(403)
    expect((await member.get(`/api/v1/agents/${agentId}/webhook-deliveries`)).status).toBe(403)
    expect((await member.get(`/api/webhook-deliveries/${delivery.id}`)).status).toBe(403)
    expect((await member.post(`/api/webhook-deliveries/${delivery.id}/replay`)).status).toBe(403)
    expect((await member.post(`/api/messages/${messageId}/retry`)).status).toBe(403)
    expect(receiver.at('/mine')).toHaveLength(1)
  })

  it('needs a session at all', async () => {
    const anonymous = await fetch(`${server.url}/api/webhook-deliveries/x`)
    expect(anonymous.status).toBe(401)
  })
})

import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'
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

/*
 * Durable delivery (issue 5): retries with the same webhook-id, a dead state once the schedule
 * is used up, 410 Gone, timeouts, and a restart between attempts. Each test gets its own server,
 * since several need their own settings.
 */

let server: TestServer | undefined
let receiver: WebhookReceiver | undefined
afterEach(async () => {
  await server?.destroy()
  await receiver?.close()
  server = receiver = undefined
})
afterAll(async () => server?.destroy())

async function setUp(
  env: Record<string, string> = {},
): Promise<{ owner: TestClient; receiver: WebhookReceiver }> {
  server = await startTestServer({ ...FAST_WEBHOOKS, ...env })
  receiver = await WebhookReceiver.start()
  return { owner: await ownerClient(server), receiver }
}

describe('retries (spec 9.1.2)', () => {
  it('gets through on the 4th attempt after 3 failures, always with the same webhook-id', async () => {
    const { owner, receiver } = await setUp()
    receiver.answerWith((_request, index) => (index < 3 ? 500 : 200))
    const { agentId, secret } = await createHookedAgent(owner, receiver.url('/flaky'))
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)

    const requests = await receiver.waitFor('/flaky', 4)
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1)
    for (const request of requests)
      expect(verifyWebhook(secret, request)).toMatchObject({ event: 'review:responded', messageId })

    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([200, 500, 500, 500])
    expect(delivery.attempts[1]).toMatchObject({ error: 'HTTP 500 Internal Server Error' })

    // The ticks went failed, then delivered, each change announced once (same transaction as
    // the delivery's state, so they are all there by now).
    const events = await owner.get(`/api/v1/events?channel=${agentId}`)
    const ticks = events.body.data
      .filter((event: { type: string }) => event.type === 'message:delivery')
      .map((event: any) => event.payload.deliveryStatus)
    expect(ticks).toEqual(['webhook_failed', 'webhook_delivered'])
    await awaitDeliveryStatus(owner, messageId, 'webhook_delivered')
  })

  it('gives up once the schedule is used up, and says so on the message', async () => {
    const { owner, receiver } = await setUp()
    receiver.answerWith(() => 503)
    const { agentId } = await createHookedAgent(owner, receiver.url('/down'))
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)

    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'failed')
    // The first attempt plus one per entry of the 4-step schedule.
    expect(delivery.attempts).toHaveLength(5)
    expect(delivery).toMatchObject({
      nextAttemptAt: null,
      lastError: 'HTTP 503 Service Unavailable',
    })
    expect(receiver.at('/down')).toHaveLength(5)
    await awaitDeliveryStatus(owner, messageId, 'webhook_failed')
  })

  it('stops at a 410 Gone and disables the channel endpoint until it is set again', async () => {
    const { owner, receiver } = await setUp()
    receiver.answerWith(() => 410)
    const { agentId } = await createHookedAgent(owner, receiver.url('/gone'))
    await answer(owner, await askApproval(owner, agentId))

    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'failed')
    expect(delivery.attempts).toHaveLength(1)
    const stored = await server!.services.db.read((tx) =>
      tx.agent.findUniqueOrThrow({ where: { id: agentId } }),
    )
    expect(stored.webhookDisabledAt).not.toBeNull()

    // Disabled: the next answer owes the channel nothing.
    await answer(owner, await askApproval(owner, agentId))
    expect(await deliveriesOf(owner, agentId)).toHaveLength(1)

    receiver.answerWith(() => 200)
    await owner.post('/api/v1/agents/setWebhook', {
      channelId: agentId,
      url: receiver.url('/gone'),
    })
    await answer(owner, await askApproval(owner, agentId))
    await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
  })

  it('times out each attempt at a receiver that never answers', async () => {
    const { owner, receiver } = await setUp({
      WEBHOOK_TIMEOUT: '200ms',
      WEBHOOK_RETRY_SCHEDULE: '50ms',
    })
    receiver.answerWith(() => 'hang')
    const { agentId } = await createHookedAgent(owner, receiver.url('/silent'))
    await answer(owner, await askApproval(owner, agentId))

    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'failed')
    expect(delivery.attempts).toHaveLength(2)
    for (const attempt of delivery.attempts)
      expect(attempt).toMatchObject({ statusCode: 0, error: 'Timed out after 200 ms' })
    const logs = await server!.services.db.read((tx) =>
      tx.apiLog.findMany({ where: { agentId, direction: 'outbound' } }),
    )
    expect(logs.map((log) => log.statusCode)).toEqual([0, 0])
  })
})

describe('durability (issue 5)', () => {
  it('delivers after the server is stopped and started again between attempts', async () => {
    const env = { ...FAST_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms' }
    const setup = await setUp(env)
    let isRestarted = false
    setup.receiver.answerWith(() => (isRestarted ? 200 : 500))
    const { agentId, secret } = await createHookedAgent(setup.owner, setup.receiver.url('/restart'))
    const messageId = await askApproval(setup.owner, agentId)
    await answer(setup.owner, messageId)
    await setup.receiver.waitFor('/restart', 1)

    server = await server!.restart(env)
    isRestarted = true
    const owner = await ownerClient(server)

    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    const requests = setup.receiver.at('/restart')
    expect(requests.length).toBe(delivery.attempts.length)
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1)
    expect(verifyWebhook(secret, requests.at(-1)!)).toMatchObject({ messageId })
    await awaitDeliveryStatus(owner, messageId, 'webhook_delivered')
  })

  it('takes over a delivery whose lease ran out (a server that died mid-send)', async () => {
    const { owner, receiver } = await setUp()
    const { agentId } = await createHookedAgent(owner, receiver.url('/orphan'))
    // Stop the worker so the delivery stays queued, then leave it leased as a dead server would.
    for (const job of server!.jobs) await job.stop()
    await answer(owner, await askApproval(owner, agentId))
    const expired = new Date(Date.now() - 1_000)
    await server!.services.db.transaction((tx) =>
      tx.webhookDelivery.updateMany({ where: { agentId }, data: { lockedUntil: expired } }),
    )

    server = await server!.restart({ ...FAST_WEBHOOKS })
    const delivery = await awaitDelivery(
      await ownerClient(server),
      agentId,
      (entry) => entry.state === 'delivered',
    )
    expect(delivery.attempts).toHaveLength(1)
  })
})

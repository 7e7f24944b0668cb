import { WebhookVerificationError, verifyWebhook } from '@placet/sdk/webhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'
import { FAST_WEBHOOKS, answer, askApproval, createHookedAgent } from './webhook-flows.ts'
import { WebhookReceiver } from './webhook-receiver.ts'

let server: TestServer
let owner: TestClient
let receiver: WebhookReceiver

beforeAll(async () => {
  server = await startTestServer(FAST_WEBHOOKS)
  owner = await ownerClient(server)
  receiver = await WebhookReceiver.start()
})
afterAll(async () => {
  await receiver.close()
  await server.destroy()
})

describe('@placet/sdk/webhooks verifies real deliveries', () => {
  it('accepts a delivery signed with the agent secret and rejects tampering', async () => {
    const { agentId, secret } = await createHookedAgent(owner, `${receiver.base}/hook`)
    const messageId = await askApproval(owner, agentId)
    await answer(owner, messageId)
    const [delivery] = await receiver.waitFor('/hook')
    if (!delivery) throw new Error('no delivery')

    const event = verifyWebhook({ secret, body: delivery.body, headers: delivery.headers })
    expect(event).toMatchObject({
      event: 'review:responded',
      messageId,
      response: { selectedOption: 'ok' },
    })

    const tampered = delivery.body.replace('"ok"', '"no"')
    expect(() => verifyWebhook({ secret, body: tampered, headers: delivery.headers })).toThrow(
      WebhookVerificationError,
    )
    const otherSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
    expect(() =>
      verifyWebhook({ secret: otherSecret, body: delivery.body, headers: delivery.headers }),
    ).toThrow(/No matching signature/)
    const later = new Date(Number(delivery.headers['webhook-timestamp']) * 1000 + 10 * 60_000)
    expect(() =>
      verifyWebhook({ secret, body: delivery.body, headers: delivery.headers, now: later }),
    ).toThrow(/tolerance/)
    expect(() => verifyWebhook({ secret, body: delivery.body, headers: {} })).toThrow(/Missing/)
  })
})

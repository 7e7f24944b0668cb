import { VapidKeyResponse } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUserPushSubscriptions } from '../src/store/push-subscriptions.ts'
import {
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.ts'
import { APPROVAL, createAgent, postMessage } from './messaging-fixtures.ts'
import { PushReceiver } from './push-receiver.ts'

/*
 * Web Push (spec 3.7, 6.8, issue 10) against a real push receiver on loopback: the server
 * encrypts for the subscription's keys and signs with its VAPID key; the receiver decrypts.
 * PUSH_ALLOW_PRIVATE lets the subscription name an http endpoint on 127.0.0.1.
 */

let server: TestServer
let owner: TestClient
let member: TestClient
let receiver: PushReceiver
let ownerId: string

const subscriptionsOf = (userId: string) =>
  server.services.db.read((tx) => findUserPushSubscriptions(tx, userId))

beforeAll(async () => {
  server = await startTestServer({ PUSH_ALLOW_PRIVATE: 'true' })
  owner = await ownerClient(server)
  member = await memberClient(server)
  receiver = await PushReceiver.start()
  ownerId = (await owner.get('/api/auth/me')).body.user.id
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

describe('GET /api/push/vapid-key', () => {
  it('gives the key generated into DATA_DIR on first start, to a signed-in user only', async () => {
    const reply = await owner.get('/api/push/vapid-key')
    expect(reply.status).toBe(200)
    expect(VapidKeyResponse.parse(reply.body).publicKey).toBe(
      server.services.config.push.vapid.publicKey,
    )
    expect((await new TestClient(server.url).get('/api/push/vapid-key')).status).toBe(401)
  })
})

describe('notifications', () => {
  it('sends every new review, encrypted for the subscription, titled with its question', async () => {
    const subscribe = await owner.post('/api/push/subscribe', receiver.subscription())
    expect(subscribe.status).toBe(204)
    const agent = await createAgent(owner, 'Release bot')
    const review = await postMessage(owner, {
      channelId: agent.id,
      text: 'Ship release 4.2 to production?\n\nChangelog follows.',
      review: APPROVAL,
    })

    const push = await receiver.waitFor(
      (received) => received.notification.messageId === review.id,
      'the review’s notification',
    )
    expect(push.notification).toEqual({
      kind: 'review',
      title: 'Ship release 4.2 to production?',
      body: 'Release bot asks for an approval',
      url: `/chats/?agent=${agent.id}`,
      tag: review.id,
      messageId: review.id,
      channelId: agent.id,
    })
    const { publicKey } = (await owner.get('/api/push/vapid-key')).body
    expect(push.vapid).toEqual({
      publicKey,
      audience: new URL(receiver.endpoint).origin,
      subject: 'mailto:owner@placet.test',
    })
    expect(push.headers).toMatchObject({ ttl: '86400', urgency: 'high' })
  })

  it('sends an agent’s plain message, and nothing for a person’s own message', async () => {
    const agent = await createAgent(owner, 'Chatty')
    const own = await owner.post('/api/messages', { channelId: agent.id, text: 'hello agent' })
    expect(own.status).toBe(201)
    const reply = await postMessage(owner, { channelId: agent.id, text: 'Build finished.' })
    // The agent's message was committed after the person's: once it arrived, a notification
    // of the person's message would have been sent before it.
    const push = await receiver.waitFor((received) => received.notification.messageId === reply.id)
    expect(push.notification).toMatchObject({
      kind: 'message',
      title: 'Chatty',
      body: 'Build finished.',
    })
    expect(
      receiver.received.some((received) => received.notification.messageId === own.body.id),
    ).toBe(false)
  })

  it('never sends one user’s messages to another user’s browser', async () => {
    const memberAgent = await createAgent(member, 'Member bot')
    const foreign = await postMessage(member, { channelId: memberAgent.id, text: 'for the member' })
    const ownAgent = await createAgent(owner, 'Barrier')
    const barrier = await postMessage(owner, { channelId: ownAgent.id, text: 'barrier' })
    await receiver.waitFor((received) => received.notification.messageId === barrier.id)
    expect(
      receiver.received.some((received) => received.notification.messageId === foreign.id),
    ).toBe(false)
    // Nor can the member unsubscribe the owner's browser.
    const attempt = await member.request('DELETE', '/api/push/subscribe', {
      endpoint: receiver.endpoint,
    })
    expect(attempt.status).toBe(204)
    expect(await subscriptionsOf(ownerId)).toHaveLength(1)
  })

  it('removes the subscription when the push service answers 410 Gone', async () => {
    receiver.answerWith(410)
    const agent = await createAgent(owner, 'Gone')
    const message = await postMessage(owner, { channelId: agent.id, text: 'anyone there?' })
    await receiver.waitFor((received) => received.notification.messageId === message.id)
    await eventually(
      () => subscriptionsOf(ownerId),
      (rows) => rows.length === 0,
      'the removal',
    )
    receiver.answerWith(201)
  })
})

describe('POST and DELETE /api/push/subscribe', () => {
  it('stores one row per endpoint, moves it to whoever subscribes it last, and deletes it', async () => {
    await owner.post('/api/push/subscribe', receiver.subscription())
    await owner.post('/api/push/subscribe', receiver.subscription())
    expect(await subscriptionsOf(ownerId)).toHaveLength(1)

    expect((await member.post('/api/push/subscribe', receiver.subscription())).status).toBe(204)
    expect(await subscriptionsOf(ownerId)).toHaveLength(0)
    const memberId = (await member.get('/api/auth/me')).body.user.id
    expect(await subscriptionsOf(memberId)).toHaveLength(1)

    const removed = await member.request('DELETE', '/api/push/subscribe', {
      endpoint: receiver.endpoint,
    })
    expect(removed.status).toBe(204)
    expect(await subscriptionsOf(memberId)).toHaveLength(0)
  })

  it('answers 400 for a malformed subscription and 401 without a session', async () => {
    const valid = receiver.subscription()
    for (const body of [
      {},
      { ...valid, endpoint: 'not a url' },
      { ...valid, keys: { p256dh: valid.keys.p256dh } },
      { ...valid, keys: { ...valid.keys, p256dh: 'short' } },
    ]) {
      const reply = await owner.post('/api/push/subscribe', body)
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body).toMatchObject({ statusCode: 400, message: 'Validation failed' })
    }
    expect((await owner.request('DELETE', '/api/push/subscribe', {})).status).toBe(400)
    expect((await new TestClient(server.url).post('/api/push/subscribe', valid)).status).toBe(401)
  })
})

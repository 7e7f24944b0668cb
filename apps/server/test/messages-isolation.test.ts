import type { Message } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type Reply,
  type TestClient,
  type TestServer,
} from './harness.ts'
import {
  APPROVAL,
  createAgent,
  createOrphanAttachment,
  postMessage,
  postReview,
  respond,
} from './messaging-fixtures.ts'

/*
 * User A (the owner) and user B (a member, with their own API key and cookie): nothing B can
 * call on the messaging and review endpoints reads or changes anything of A's.
 */

let server: TestServer
let userA: TestClient
let userB: TestClient
let channelA: string
let channelB: string
let messageA: Message
let reviewA: Message
let answeredA: Message
let orphanA: string
const SECRET_TEXT = 'A-only secret text'

beforeAll(async () => {
  server = await startTestServer()
  userA = await ownerClient(server)
  userB = await memberClient(server)
  channelA = (await createAgent(userA, 'A agent')).id
  channelB = (await createAgent(userB, 'B agent')).id
  messageA = await postMessage(userA, {
    channelId: channelA,
    text: SECRET_TEXT,
    clientId: 'shared-client-id',
  })
  reviewA = await postReview(userA, channelA, APPROVAL, { text: SECRET_TEXT })
  answeredA = await postReview(userA, channelA, APPROVAL, { text: SECRET_TEXT })
  await respond(userA, answeredA.id, { response: { selectedOption: 'approve' } })
  await postMessage(userA, {
    channelId: channelA,
    text: SECRET_TEXT,
    streamId: 'a-stream',
    streamState: 'streaming',
  })
  await userA.post('/api/v1/messages/streams/a-stream/status', {
    channelId: channelA,
    text: 'A step',
  })
  orphanA = (await createOrphanAttachment(server, channelA, 'a-only.pdf')).id
})
afterAll(() => server.destroy())

function expectRefused(reply: Reply, status = 403) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status)
  expect(JSON.stringify(reply.body)).not.toContain(SECRET_TEXT)
  if (status === 403) expect(reply.body.message).toBe('Not your agent')
}

describe("user B cannot read user A's messages or reviews", () => {
  it('through the agent API (own key)', async () => {
    expectRefused(await userB.get(`/api/v1/messages?channel=${channelA}`))
    expectRefused(await userB.get(`/api/v1/messages/${messageA.id}`))
    expectRefused(await userB.get(`/api/v1/messages/${messageA.id}?channel=${channelB}`), 404)
    expectRefused(await userB.get(`/api/v1/messages/iterations/${answeredA.id}`))
    expectRefused(await userB.get(`/api/v1/reviews/pending?channel=${channelA}`))
    expectRefused(await userB.get(`/api/v1/reviews/${reviewA.id}`))
    expectRefused(await userB.get(`/api/v1/reviews/${answeredA.id}/wait?timeout=100`))
    const ownPending = await userB.get('/api/v1/reviews/pending')
    expect(ownPending.body).toEqual([])
  })

  it('through the dashboard API (own cookie)', async () => {
    expectRefused(await userB.get(`/api/messages?channel=${channelA}`))
    expectRefused(await userB.get(`/api/messages/${messageA.id}`))
    expectRefused(await userB.get(`/api/messages/${answeredA.id}/iterations`))
    expectRefused(await userB.get(`/api/messages/reviews?channel=${channelA}`))
    const inbox = await userB.get('/api/messages/reviews?status=all')
    expect(inbox.body).toEqual([])
  })
})

describe("user B cannot change user A's messages or reviews", () => {
  it("refuses every write with 403 (or 404 inside B's own channel)", async () => {
    expectRefused(await userB.post('/api/v1/messages', { channelId: channelA, text: 'intrusion' }))
    expectRefused(await userB.delete(`/api/v1/messages/${messageA.id}`))
    expectRefused(await userB.delete(`/api/v1/messages/${messageA.id}?channel=${channelB}`), 404)
    expectRefused(await userB.post(`/api/v1/messages/${messageA.id}/ack`))
    expectRefused(
      await userB.patch('/api/v1/messages/streams/a-stream', {
        channelId: channelA,
        text: 'hijacked',
        complete: true,
      }),
    )
    expectRefused(
      await userB.patch('/api/v1/messages/streams/a-stream', {
        channelId: channelB,
        text: 'hijacked',
      }),
      404,
    )
    expectRefused(
      await userB.post('/api/v1/messages/streams/a-stream/status', {
        channelId: channelA,
        text: 'B step',
      }),
    )
    expectRefused(await userB.post(`/api/v1/reviews/${reviewA.id}/cancel`))
    expectRefused(await userB.post('/api/messages', { channelId: channelA, text: 'intrusion' }))
    expectRefused(await respond(userB, reviewA.id, { response: { selectedOption: 'reject' } }))
  })

  it("cannot borrow A's files, chains or idempotency keys from B's own channel", async () => {
    const withFile = await postMessage(userB, {
      channelId: channelB,
      text: 'take file',
      attachmentIds: [orphanA],
    })
    expect(withFile.attachments).toEqual([])
    const chained = await userB.post('/api/v1/messages', {
      channelId: channelB,
      text: 'v2',
      review: APPROVAL,
      iterationOf: answeredA.id,
    })
    expect(chained.status).toBe(400)
    const sameKey = await postMessage(userB, {
      channelId: channelB,
      text: 'mine',
      clientId: 'shared-client-id',
    })
    expect(sameKey.id).not.toBe(messageA.id)
    expect(sameKey.text).toBe('mine')
    const fromPerson = await userB.post('/api/messages', {
      channelId: channelB,
      text: 'x',
      attachmentIds: [orphanA],
    })
    expect(fromPerson.body.attachments).toEqual([])
  })

  it("leaves A's data exactly as it was", async () => {
    const message = await userA.get(`/api/v1/messages/${messageA.id}`)
    expect(message.body).toMatchObject({ text: SECRET_TEXT, deliveryStatus: 'sent' })
    expect((await userA.get(`/api/v1/reviews/${reviewA.id}`)).body.review.status).toBe('pending')
    expect((await userA.get(`/api/v1/reviews/${answeredA.id}`)).body.review.response).toEqual({
      selectedOption: 'approve',
    })
    const stream = await userA.get(`/api/v1/messages?channel=${channelA}&limit=100`)
    const draft = stream.body.data.find((item: Message) => item.streamId === 'a-stream')
    expect(draft).toMatchObject({ text: SECRET_TEXT, streamState: 'streaming' })
    expect(draft.statusEvents.map((step: { text: string }) => step.text)).toEqual(['A step'])
    expect(stream.body.data.some((item: Message) => item.text === 'intrusion')).toBe(false)
    const orphan = await server.services.db.read((tx) =>
      tx.attachment.findUniqueOrThrow({ where: { id: orphanA } }),
    )
    expect(orphan.messageId).toBeNull()
    // Nothing of A's channel went into B's event log (B's sockets and replay read only that).
    const idOfB = (await userB.get('/api/auth/me')).body.user.id
    expect(
      await server.services.db.read((tx) =>
        tx.event.count({ where: { channelId: channelA, userId: idOfB } }),
      ),
    ).toBe(0)
  })
})

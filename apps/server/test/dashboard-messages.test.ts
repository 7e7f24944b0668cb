import { Message, MessagePage } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, memberClient } from './harness.ts'
import {
  createAgent,
  createOrphanAttachment,
  postMessage,
  postReview,
  useAgentServer,
} from './messaging-fixtures.ts'

const world = useAgentServer('Chat partner')

describe('a person writes: POST /api/messages (spec 3.5)', () => {
  it('creates a user message with 201 and announces it without agentName', async () => {
    const me = (await world.owner.get('/api/auth/me')).body.user
    const reply = await world.owner.post('/api/messages', {
      channelId: world.channelId,
      text: 'Hi agent',
    })
    expect(reply.status).toBe(201)
    expect(Message.parse(reply.body)).toMatchObject({
      channelId: world.channelId,
      senderType: 'user',
      senderId: me.id,
      text: 'Hi agent',
      review: null,
      deliveryStatus: 'sent',
    })
    const [event] = world.recorder.of('message:created', reply.body.id)
    expect(event?.payload).toMatchObject({ id: reply.body.id, senderType: 'user' })
    expect(event?.payload).not.toHaveProperty('agentName')
  })

  it('sends existing files of the channel, and makes retries with clientId safe', async () => {
    const file = await createOrphanAttachment(
      world.server,
      world.channelId,
      'photo.png',
      'image/png',
    )
    const first = await world.owner.post('/api/messages', {
      channelId: world.channelId,
      attachmentIds: [file.id],
      clientId: 'ui-1',
    })
    expect(first.status).toBe(201)
    expect(first.body.attachments.map((attachment: { id: string }) => attachment.id)).toEqual([
      file.id,
    ])
    expect(first.body.attachments[0]).not.toHaveProperty('textContent')
    const retry = await world.owner.post('/api/messages', {
      channelId: world.channelId,
      text: 'different',
      clientId: 'ui-1',
    })
    expect(retry.body.id).toBe(first.body.id)
    expect(world.recorder.of('message:created', first.body.id)).toHaveLength(1)
  })

  it('refuses an empty message, a foreign channel and a request without session', async () => {
    const empty = await world.owner.post('/api/messages', { channelId: world.channelId, text: '' })
    expect(empty.status).toBe(400)
    expect(empty.body.errors[0].path).toEqual(['text'])
    const stranger = await memberClient(world.server)
    const foreign = await stranger.post('/api/messages', {
      channelId: world.channelId,
      text: 'hello?',
    })
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toBe('Not your agent')
    const anonymous = await new TestClient(world.server.url).post('/api/messages', {
      channelId: world.channelId,
      text: 'x',
    })
    expect(anonymous.status).toBe(401)
  })
})

describe('reading: GET /api/messages and /api/messages/:id (spec 3.5)', () => {
  it('pages the channel newest first with {data, nextCursor}', async () => {
    const channel = (await createAgent(world.owner, 'Pager')).id
    const ids: string[] = []
    for (let n = 0; n < 3; n++)
      ids.push((await postMessage(world.owner, { channelId: channel, text: `m${n}` })).id)
    const first = await world.owner.get(`/api/messages?channel=${channel}&limit=2`)
    expect(MessagePage.parse(first.body).data.map((message) => message.id)).toEqual([
      ids[2],
      ids[1],
    ])
    expect(first.body.nextCursor).toBe(ids[1])
    const rest = await world.owner.get(
      `/api/messages?channel=${channel}&limit=2&cursor=${first.body.nextCursor}`,
    )
    expect(rest.body).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null })
  })

  it('reads one message with its agent, secrets masked, webhook secret never shown', async () => {
    await world.owner.patch(`/api/v1/agents/${world.channelId}`, {
      webhookAuth: { username: 'u', password: 'topsecret' },
    })
    const message = await postReview(world.owner, world.channelId)
    const reply = await world.owner.get(`/api/messages/${message.id}`)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      id: message.id,
      agent: {
        id: world.channelId,
        name: 'Chat partner',
        webhookAuth: { username: 'u', password: '***' },
      },
    })
    expect(JSON.stringify(reply.body)).not.toContain('topsecret')
    expect(reply.body.agent).not.toHaveProperty('webhookSecret')
  })

  it("answers 404 for an unknown message and 403 for another user's", async () => {
    expect((await world.owner.get('/api/messages/missing')).status).toBe(404)
    const stranger = await memberClient(world.server)
    const theirs = await postMessage(stranger, {
      channelId: (await createAgent(stranger, 'Theirs')).id,
      text: 'private',
    })
    const reply = await world.owner.get(`/api/messages/${theirs.id}`)
    expect(reply.status).toBe(403)
    expect(reply.body.message).toBe('Not your agent')
  })

  it('works with the session cookie alone (no API key)', async () => {
    const person = await new TestClient(world.server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    expect((await person.get(`/api/messages?channel=${world.channelId}`)).status).toBe(200)
  })
})

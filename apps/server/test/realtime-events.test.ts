import { Message, MessageStatusEvent } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { ownerClient, startTestServer, type TestServer } from './harness.ts'
import {
  EventRecorder,
  connectDashboard,
  connectSocket,
  emitWithAck,
  roundTrip,
  type ClientSocket,
} from './socket-harness.ts'

let server: TestServer
let alice: TestClient
let channelId: string
let agent: ClientSocket
let agentEvents: EventRecorder

beforeAll(async () => {
  server = await startTestServer()
  alice = await ownerClient(server)
  channelId = (await alice.post('/api/v1/agents', { name: 'eventful' })).body.id
})
afterAll(() => server.destroy())

beforeAll(async () => {
  agent = await connectSocket(server.url, { apiKey: alice.apiKey })
  agentEvents = new EventRecorder(agent)
  expect(await emitWithAck(agent, 'subscribe:channel', channelId)).toMatchObject({ ok: true })
})
afterAll(() => agent.close())

/** Every logged event carries its sequence number on top of the seed's shape. */
const withSeq = (payload: { seq?: unknown }) => expect(payload.seq).toEqual(expect.any(Number))

describe('server events with the seed’s payloads (spec 5.3)', () => {
  it('message:created: the full message, with agentName for agent messages', async () => {
    const { body } = await alice.post('/api/v1/messages', {
      channelId,
      text: 'hello',
      status: 'info',
      metadata: { a: 1 },
    })
    const event = await agentEvents.next('message:created', (message) => message.id === body.id)
    expect(Message.parse(event)).toMatchObject({
      text: 'hello',
      status: 'info',
      metadata: { a: 1 },
      attachments: [],
    })
    expect(event.agentName).toBe('eventful')
    withSeq(event)

    const fromPerson = await alice.post('/api/messages', { channelId, text: 'ship it' })
    const personEvent = await agentEvents.next(
      'message:created',
      (message) => message.id === fromPerson.body.id,
    )
    expect(personEvent).toMatchObject({ senderType: 'user', text: 'ship it', review: null })
  })

  it('message:updated and message:status for a streamed reply', async () => {
    await alice.post('/api/v1/messages', {
      channelId,
      text: 'Thin',
      streamId: 'turn-1',
      streamState: 'streaming',
    })
    await alice.post('/api/v1/messages/streams/turn-1/status', {
      channelId,
      text: 'Calling a tool',
      toolHint: true,
    })
    const status = await agentEvents.next('message:status')
    expect(MessageStatusEvent.parse(status)).toMatchObject({
      channelId,
      streamId: 'turn-1',
      index: 0,
      text: 'Calling a tool',
      toolHint: true,
    })
    withSeq(status)

    await alice.patch('/api/v1/messages/streams/turn-1', {
      channelId,
      text: 'Thinking done',
      complete: true,
    })
    const updated = await agentEvents.next(
      'message:updated',
      (message) => message.streamState === 'complete',
    )
    expect(updated).toMatchObject({
      streamId: 'turn-1',
      text: 'Thinking done',
      agentName: 'eventful',
    })
  })

  it('message:delivery on ack, message:deleted on delete', async () => {
    const { body } = await alice.post('/api/v1/messages', { channelId, text: 'ack me' })
    await alice.post(`/api/v1/messages/${body.id}/ack?channel=${channelId}`)
    const delivery = await agentEvents.next(
      'message:delivery',
      (payload) => payload.messageId === body.id,
    )
    expect(delivery).toMatchObject({ messageId: body.id, deliveryStatus: 'agent_received' })
    withSeq(delivery)

    await alice.delete(`/api/v1/messages/${body.id}?channel=${channelId}`)
    expect(
      await agentEvents.next('message:deleted', (payload) => payload.messageId === body.id),
    ).toMatchObject({ messageId: body.id, channelId })
  })

  it('review:expired is {messageId} (+channelId, seq)', async () => {
    const { body } = await alice.post('/api/v1/messages', {
      channelId,
      text: 'quick?',
      review: { type: 'approval', expiresInSeconds: 1 },
    })
    const expired = await agentEvents.next(
      'review:expired',
      (payload) => payload.messageId === body.id,
    )
    expect(expired).toEqual({ messageId: body.id, channelId, seq: expect.any(Number) })
  })

  it('review:cancelled when the agent withdraws a review', async () => {
    const { body } = await alice.post('/api/v1/messages', {
      channelId,
      text: 'never mind?',
      review: { type: 'approval' },
    })
    expect(
      (await alice.post(`/api/v1/reviews/${body.id}/cancel?channel=${channelId}`)).status,
    ).toBeLessThan(300)
    expect(
      await agentEvents.next('review:cancelled', (payload) => payload.messageId === body.id),
    ).toEqual({
      messageId: body.id,
      channelId,
      seq: expect.any(Number),
    })
  })

  it('review:responded carries the response per type', async () => {
    const selection = await alice.post('/api/v1/messages', {
      channelId,
      text: 'Pick',
      review: {
        type: 'selection',
        payload: {
          mode: 'multi',
          items: [
            { id: 'a', label: 'A' },
            { id: 'b', label: 'B' },
          ],
        },
      },
    })
    await alice.post(`/api/messages/${selection.body.id}/respond`, {
      response: { selectedIds: ['a', 'b'] },
      feedback: 'both',
    })
    const event = await agentEvents.next(
      'review:responded',
      (message) => message.id === selection.body.id,
    )
    expect(event.review).toMatchObject({
      type: 'selection',
      status: 'completed',
      response: { selectedIds: ['a', 'b'] },
      feedback: 'both',
    })
    expect(event.review!.respondedBy).toMatchObject({ name: 'Admin' })
  })

  it('agent:status goes to the owner’s user room only', async () => {
    const dashboardSocket = await connectDashboard(alice)
    const dashboard = new EventRecorder(dashboardSocket)
    await alice.post('/api/v1/status/ping', {
      agentId: channelId,
      status: 'busy',
      message: 'Processing batch job',
    })
    const status = await dashboard.next('agent:status')
    expect(status).toEqual({
      agentId: channelId,
      status: 'busy',
      statusMessage: 'Processing batch job',
      statusSince: expect.any(String),
      seq: expect.any(Number),
    })
    // The agent's pong comes after anything the server sent it with the status.
    await roundTrip(agent)
    expect(agentEvents.of('agent:status')).toEqual([])
    dashboardSocket.close()
  })

  it('review:responded gives agents the password answer and dashboards only the redaction', async () => {
    const dashboardSocket = await connectDashboard(alice)
    const dashboard = new EventRecorder(dashboardSocket)
    await emitWithAck(dashboardSocket, 'subscribe:channel', channelId)
    const form = {
      type: 'form',
      payload: {
        fields: [
          { name: 'user', type: 'text', label: 'User' },
          { name: 'secret', type: 'password', label: 'Password', required: true },
        ],
      },
    }
    const { body } = await alice.post('/api/v1/messages', {
      channelId,
      text: 'Credentials?',
      review: form,
    })
    await alice.post(`/api/messages/${body.id}/respond`, {
      response: { user: 'ops', secret: 'hunter2' },
    })

    const raw = await agentEvents.next('review:responded', (message) => message.id === body.id)
    expect(raw.review!.response).toEqual({ user: 'ops', secret: 'hunter2' })
    const seen = await dashboard.next('review:responded', (message) => message.id === body.id)
    expect(seen.review!.response).toEqual({ user: 'ops', secret: '***REDACTED***' })
    // Once in the channel room and once in the user room would be twice: a second copy would
    // arrive before this pong.
    await roundTrip(dashboardSocket)
    expect(
      dashboard.of('review:responded').filter((message) => message.id === body.id),
    ).toHaveLength(1)

    const after = raw.seq - 1
    const forAgent = await alice.get(`/api/v1/events?after=${after}&channel=${channelId}`)
    expect(forAgent.body.data[0].payload.review.response.secret).toBe('hunter2')
    const forDashboard = await alice.get(`/api/events?after=${after}&channel=${channelId}`)
    expect(forDashboard.body.data[0].payload.review.response.secret).toBe('***REDACTED***')
    dashboardSocket.close()
  })
})

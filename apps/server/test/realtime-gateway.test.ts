import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  memberClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
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
let bob: TestClient
let aliceChannel: string
let bobChannel: string
const sockets: ClientSocket[] = []

async function open(auth: { apiKey?: string; token?: string }) {
  const socket = await connectSocket(server.url, auth)
  sockets.push(socket)
  return socket
}
async function openDashboard(client: TestClient) {
  const socket = await connectDashboard(client)
  sockets.push(socket)
  return socket
}

const APPROVAL = {
  type: 'approval',
  payload: {
    options: [
      { id: 'approve', label: 'Approve', style: 'primary' },
      { id: 'reject', label: 'Reject', style: 'danger' },
    ],
    allowComment: true,
  },
}

beforeAll(async () => {
  server = await startTestServer()
  alice = await ownerClient(server)
  bob = await memberClient(server)
  aliceChannel = (await alice.post('/api/v1/agents', { name: 'deployer' })).body.id
  bobChannel = (await bob.post('/api/v1/agents', { name: 'bob bot' })).body.id
})
afterEach(() => sockets.splice(0).forEach((socket) => socket.close()))
afterAll(() => server.destroy())

describe('connection auth (spec 5.1)', () => {
  it('refuses missing and bad credentials with connect_error "unauthorized"', async () => {
    await expect(connectSocket(server.url, {})).rejects.toThrow('unauthorized')
    await expect(connectSocket(server.url, { apiKey: 'hp_nope' })).rejects.toThrow('unauthorized')
    await expect(connectSocket(server.url, { token: 'not-a-ticket' })).rejects.toThrow(
      'unauthorized',
    )
  })

  it('accepts a ws ticket once, and never a session token', async () => {
    const { body } = await alice.post('/api/auth/ws-ticket')
    await open({ token: body.ticket })
    await expect(connectSocket(server.url, { token: body.ticket })).rejects.toThrow('unauthorized')
    await expect(connectSocket(server.url, { token: alice.cookie!.split('=')[1] })).rejects.toThrow(
      'unauthorized',
    )
  })

  it('answers ping with pong', async () => {
    const socket = await open({ apiKey: alice.apiKey })
    await roundTrip(socket)
  })
})

describe('subscriptions', () => {
  it('acks a subscription to an owned channel and refuses another user’s with the reason', async () => {
    const socket = await open({ apiKey: alice.apiKey })
    expect(await emitWithAck(socket, 'subscribe:channel', aliceChannel)).toEqual({
      ok: true,
      seq: expect.any(Number),
    })
    expect(await emitWithAck(socket, 'subscribe:channel', bobChannel)).toEqual({
      ok: false,
      error: 'Not your agent',
    })
    expect(await emitWithAck(socket, 'subscribe:channel', 'no-such-channel')).toEqual({
      ok: false,
      error: 'Agent not found',
    })
    expect(
      await emitWithAck(socket, 'subscribe:channel', { channelId: 42 } as never),
    ).toMatchObject({ ok: false })
  })

  it('never delivers another user’s channel, even to the seed’s plain-string subscribe', async () => {
    const intruder = await open({ apiKey: bob.apiKey })
    const recorder = new EventRecorder(intruder)
    intruder.emit('subscribe:channel', aliceChannel)
    await roundTrip(intruder)
    await alice.post('/api/v1/messages', { channelId: aliceChannel, text: 'private' })
    const watcher = await open({ apiKey: alice.apiKey })
    const watched = new EventRecorder(watcher)
    await emitWithAck(watcher, 'subscribe:channel', aliceChannel)
    await alice.post('/api/v1/messages', { channelId: aliceChannel, text: 'still private' })
    await watched.next('message:created')
    await roundTrip(intruder)
    expect(recorder.of('message:created')).toEqual([])
  })

  it('stops delivering after unsubscribe', async () => {
    const socket = await open({ apiKey: alice.apiKey })
    const recorder = new EventRecorder(socket)
    await emitWithAck(socket, 'subscribe:channel', aliceChannel)
    await emitWithAck(socket, 'unsubscribe:channel', aliceChannel)
    await alice.post('/api/v1/messages', { channelId: aliceChannel, text: 'after unsubscribe' })
    await roundTrip(socket)
    expect(
      recorder.of('message:created').filter((message) => message.text === 'after unsubscribe'),
    ).toEqual([])
  })

  it('puts dashboard sockets in their user room without subscribing', async () => {
    const dashboard = await openDashboard(alice)
    const recorder = new EventRecorder(dashboard)
    const { body } = await alice.post('/api/v1/messages', {
      channelId: aliceChannel,
      text: 'for the inbox',
    })
    const event = await recorder.next('message:created', (message) => message.id === body.id)
    expect(event).toMatchObject({ id: body.id, agentName: 'deployer', senderType: 'agent' })
    const bobSocket = await openDashboard(bob)
    const bobDashboard = new EventRecorder(bobSocket)
    await alice.post('/api/v1/messages', { channelId: aliceChannel, text: 'not for bob' })
    await recorder.next('message:created', (message) => message.text === 'not for bob')
    // Bob's pong comes after anything the server sent him with Alice's message.
    await roundTrip(bobSocket)
    expect(bobDashboard.of('message:created')).toEqual([])
  })

  it('records channel:read for the owner only', async () => {
    const socket = await open({ apiKey: alice.apiKey })
    expect(await emitWithAck(socket, 'channel:read', aliceChannel)).toEqual({ ok: true })
    const bobSocket = await open({ apiKey: bob.apiKey })
    expect(await emitWithAck(bobSocket, 'channel:read', aliceChannel)).toEqual({
      ok: false,
      error: 'Not your agent',
    })
  })
})

describe('relayed client events (spec 5.2, checked unlike Placet)', () => {
  it('relays deltas in the order they were sent, from a socket’s first one on', async () => {
    // Regression (sdk-stream flake): the first deltas of a socket each looked up ownership at
    // once, and a later one whose look-up finished first went out ahead of an earlier one.
    const agent = await open({ apiKey: alice.apiKey })
    const watcher = await open({ apiKey: alice.apiKey })
    const recorder = new EventRecorder(watcher)
    await emitWithAck(watcher, 'subscribe:channel', aliceChannel)
    const chunks = Array.from({ length: 40 }, (_, index) => `<${index}>`)
    for (const delta of chunks) agent.emit('message:delta', { channelId: aliceChannel, delta })
    await emitWithAck(agent, 'message:delta', { channelId: aliceChannel, delta: '<end>' })
    await recorder.next('message:delta', (payload) => payload.delta === '<end>')
    expect(recorder.of('message:delta').map((payload) => payload.delta)).toEqual([
      ...chunks,
      '<end>',
    ])
  })

  it('relays delta, progress and commands from the channel owner to its subscribers', async () => {
    const agent = await open({ apiKey: alice.apiKey })
    const dashboard = new EventRecorder(await openDashboard(alice))
    const dashboardSocket = sockets.at(-1)!
    await emitWithAck(dashboardSocket, 'subscribe:channel', aliceChannel)

    const delta = {
      channelId: aliceChannel,
      delta: ' more tokens',
      streamBaseId: 'stream-abc',
      streamId: 'stream-abc:2',
      streamStartedAt: '2026-04-01T14:30:00.000Z',
    }
    expect(await emitWithAck(agent, 'message:delta', delta)).toEqual({ ok: true })
    expect(await dashboard.next('message:delta')).toEqual(delta)

    agent.emit('message:progress', {
      channelId: aliceChannel,
      content: 'Running tests',
      toolHint: true,
    })
    expect(await dashboard.next('message:progress')).toEqual({
      channelId: aliceChannel,
      content: 'Running tests',
      toolHint: true,
    })

    const commands = {
      channelId: aliceChannel,
      commands: [{ command: '/deploy', description: 'Deploy now', acceptsArgs: true }],
    }
    agent.emit('agent:commands', commands)
    expect(await dashboard.next('agent:commands')).toEqual(commands)
  })

  it('refuses to inject into another user’s channel', async () => {
    const dashboard = new EventRecorder(await openDashboard(alice))
    const dashboardSocket = sockets.at(-1)!
    await emitWithAck(dashboardSocket, 'subscribe:channel', aliceChannel)
    const intruder = await open({ apiKey: bob.apiKey })
    expect(
      await emitWithAck(intruder, 'message:delta', { channelId: aliceChannel, delta: 'injected' }),
    ).toEqual({ ok: false, error: 'Not your agent' })
    expect(
      await emitWithAck(intruder, 'message:progress', {
        channelId: aliceChannel,
        content: 'injected',
      }),
    ).toMatchObject({ ok: false })
    expect(
      await emitWithAck(intruder, 'agent:commands', { channelId: aliceChannel, commands: [] }),
    ).toMatchObject({ ok: false })
    intruder.emit('message:delta', { channelId: aliceChannel, delta: 'injected without ack' })
    await roundTrip(intruder)
    await roundTrip(dashboardSocket)
    expect(dashboard.of('message:delta')).toEqual([])
    expect(dashboard.of('message:progress')).toEqual([])
    expect(dashboard.of('agent:commands')).toEqual([])
  })
})

describe('the seed’s Full Example', () => {
  it('delivers review:responded with selectedOption and comment to the agent', async () => {
    // 1. Connect via WebSocket with the API key and subscribe.
    const agent = await open({ apiKey: alice.apiKey })
    const received = new EventRecorder(agent)
    agent.emit('subscribe:channel', aliceChannel)
    await roundTrip(agent)
    // 2. Send a deployment approval request.
    const sent = await alice.post('/api/v1/messages', {
      channelId: aliceChannel,
      text: '### Deploy v2.1.0 to production?',
      review: APPROVAL,
    })
    expect(sent.status).toBe(201)
    // A person answers in the dashboard.
    const person = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const answered = await person.post(`/api/messages/${sent.body.id}/respond`, {
      response: { selectedOption: 'approve', comment: 'Go ahead' },
    })
    expect(answered.status).toBe(201)
    // 3. The agent hears it.
    const data = await received.next('review:responded')
    const { selectedOption, comment } = data.review!.response as {
      selectedOption: string
      comment: string
    }
    expect(selectedOption).toBe('approve')
    expect(comment).toBe('Go ahead')
    expect(data).toMatchObject({
      id: sent.body.id,
      channelId: aliceChannel,
      senderType: 'agent',
      senderId: aliceChannel,
      text: '### Deploy v2.1.0 to production?',
    })
    expect(data.review).toMatchObject({
      type: 'approval',
      status: 'completed',
      payload: APPROVAL.payload,
    })
    expect(data.review!.completedAt).toBe(data.review!.completed_at)
    expect(data.attachments).toEqual([])
    expect(data.seq).toBeGreaterThan(0)
  })
})

describe('hostile socket payloads', () => {
  it('answers a bad channel id on the ack instead of failing inside the server', async () => {
    const socket = await open({ apiKey: alice.apiKey })
    expect(await emitWithAck(socket, 'subscribe:channel', 'abc\u0000')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Invalid payload/),
    })
    expect(await emitWithAck(socket, 'channel:read', '')).toMatchObject({ ok: false })
    await roundTrip(socket)
  })
})

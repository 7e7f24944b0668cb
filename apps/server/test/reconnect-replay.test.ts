import type { ReviewRespondedPayload } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventReplay } from '../src/domain/events/event-replay.ts'
import {
  TestClient,
  memberClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
import { EventRecorder, connectSocket, emitWithAck, roundTrip } from './socket-harness.ts'

let server: TestServer
let alice: TestClient
let channelId: string

const ask = (text: string) =>
  alice
    .post('/api/v1/messages', { channelId, text, review: { type: 'text-input' } })
    .then((reply) => reply.body.id as string)
const answer = (messageId: string, text: string) =>
  alice.post(`/api/messages/${messageId}/respond`, { response: { text } })

beforeAll(async () => {
  server = await startTestServer()
  alice = await ownerClient(server)
  channelId = (await alice.post('/api/v1/agents', { name: 'replayer' })).body.id
})
afterAll(() => server.destroy())

/** Connects, subscribes live, and returns the socket with its last seen sequence number. */
async function connectAgent(since?: number) {
  const socket = await connectSocket(server.url, { apiKey: alice.apiKey })
  const recorder = new EventRecorder(socket)
  const ack = await emitWithAck(
    socket,
    'subscribe:channel',
    since === undefined ? channelId : { channelId, since },
  )
  expect(ack.ok).toBe(true)
  return { socket, recorder, ack }
}

describe('an agent that was away gets exactly what it missed', () => {
  it('replays three answers, in order, on reconnect with its last seq', async () => {
    const ids = [await ask('one?'), await ask('two?'), await ask('three?')]
    const first = await connectAgent()
    await alice.post('/api/v1/messages', { channelId, text: 'last thing seen live' })
    const lastSeen = (
      await first.recorder.next(
        'message:created',
        (message) => message.text === 'last thing seen live',
      )
    ).seq
    first.socket.close()

    for (const [index, id] of ids.entries()) await answer(id, `answer ${index + 1}`)

    const again = await connectAgent(lastSeen)
    expect(again.ack).toMatchObject({ ok: true, replayed: 3 })
    // A repeat sent after the replay (live on top of replayed) would arrive before this pong.
    await roundTrip(again.socket)
    const replayed = again.recorder.of('review:responded')
    expect(replayed.map((message) => message.id)).toEqual(ids)
    expect(replayed.map((message) => (message.review!.response as { text: string }).text)).toEqual([
      'answer 1',
      'answer 2',
      'answer 3',
    ])
    expect(replayed.map((message) => message.seq)).toEqual(
      [...replayed.map((message) => message.seq)].sort((a, b) => a - b),
    )
    again.socket.close()
  })

  it('replays across a server restart, over the socket and over REST', async () => {
    const ids = [await ask('four?'), await ask('five?'), await ask('six?')]
    const before = await connectAgent()
    await alice.post('/api/v1/messages', { channelId, text: 'checkpoint' })
    const lastSeen = (
      await before.recorder.next('message:created', (message) => message.text === 'checkpoint')
    ).seq
    before.socket.close()

    for (const [index, id] of ids.entries()) await answer(id, `late ${index + 1}`)
    // Same database, new process state: the key is still valid.
    const apiKey = alice.apiKey
    server = await server.restart()
    alice = new TestClient(server.url)
    alice.apiKey = apiKey

    const after = await connectAgent(lastSeen)
    await roundTrip(after.socket)
    expect(
      after.recorder.of('review:responded').map((message: ReviewRespondedPayload) => message.id),
    ).toEqual(ids)
    after.socket.close()

    const page = await alice.get(`/api/v1/events?after=${lastSeen}&channel=${channelId}`)
    expect(page.status).toBe(200)
    const responded = page.body.data.filter(
      (event: { type: string }) => event.type === 'review:responded',
    )
    expect(responded.map((event: { payload: { id: string } }) => event.payload.id)).toEqual(ids)
    expect(page.body.hasMore).toBe(false)
    expect(page.body.lastSeq).toBe(page.body.data.at(-1).seq)
  })

  it('keeps the replay endpoint to the caller’s own channels', async () => {
    const other = await ownerClient(server)
    const foreign = await memberClient(server)
    expect((await foreign.get(`/api/v1/events?after=0&channel=${channelId}`)).status).toBe(403)
    const all = await foreign.get('/api/v1/events?after=0')
    expect(all.body.data).toEqual([])
    expect((await other.get('/api/v1/events?after=0')).body.data.length).toBeGreaterThan(0)
  })
})

describe('replay of a long absence', () => {
  it('pages through the log to the end instead of stopping at one page', async () => {
    const before = (await alice.get(`/api/v1/events?after=0&channel=${channelId}&limit=1000`)).body
      .lastSeq as number
    for (let index = 0; index < 5; index++) {
      await alice.post('/api/v1/messages', { channelId, text: `missed ${index}` })
    }
    const owner = (await alice.get('/api/v1/agents')).body[0].ownerId as string
    const replay = new EventReplay(server.services.db, 2)
    const texts: string[] = []
    for await (const event of replay.channelEvents(owner, channelId, before)) {
      if (event.type === 'message:created') texts.push(event.payload.text ?? '')
    }
    expect(texts).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'missed 4'])
  })
})

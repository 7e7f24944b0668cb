/**
 * Issue 15: every Socket.IO client, not only JavaScript's, gets exactly the seed's events. A
 * real python-socketio agent (Debian's python3-socketio, installed by `npm test`) with
 * one-argument handlers, and the raw frames on the wire, checked against the seed's shape.
 */
import { fileURLToPath } from 'node:url'
import { spawnTracked, type TrackedChild } from '@placet/testing/child-processes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'
import { APPROVAL, createAgent, postReview, respond } from './messaging-fixtures.ts'
import { connectSocket, roundTrip, type ClientSocket } from './socket-harness.ts'

const PYTHON = process.env.PLACET_TEST_PYTHON ?? '/usr/bin/python3'
const SEED_AGENT = fileURLToPath(new URL('./python/seed_agent.py', import.meta.url))

type Report = {
  event?: string
  data?: any
  ack?: any
  error?: string
  connected?: boolean
  disconnected?: boolean
}

/** The Python agent process: commands in over stdin, reports out over stdout. */
class PythonAgent {
  private readonly reports: Report[] = []
  private waiters: (() => void)[] = []
  private stderr = ''

  constructor(readonly child: TrackedChild) {
    let buffer = ''
    child.process.stdout!.on('data', (chunk) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) if (line) this.reports.push(JSON.parse(line))
      this.waiters.splice(0).forEach((wake) => wake())
    })
    child.process.stderr!.on('data', (chunk) => (this.stderr += chunk))
  }

  send(command: Record<string, unknown>) {
    this.child.process.stdin!.write(`${JSON.stringify(command)}\n`)
  }

  /** Takes the first report matching `isWanted` (and fails on any error the agent reports). */
  async next(isWanted: (report: Report) => boolean, what: string): Promise<Report> {
    const giveUpAt = Date.now() + 15_000
    for (;;) {
      const error = this.reports.find((report) => report.error)
      if (error) throw new Error(`python agent: ${error.error}\n${this.stderr}`)
      const index = this.reports.findIndex(isWanted)
      if (index >= 0) return this.reports.splice(index, 1)[0]!
      if (Date.now() > giveUpAt)
        throw new Error(`python agent never reported ${what}; stderr:\n${this.stderr}`)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve)
        setTimeout(resolve, 250)
      })
    }
  }

  event(name: string) {
    return this.next((report) => report.event === name, name)
  }

  /** Everything it reported so far that nobody took. */
  get unclaimed(): Report[] {
    return [...this.reports]
  }
}

let server: TestServer
let person: TestClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  person = await ownerClient(server)
  channelId = (await createAgent(person, 'python agent')).id
})
afterAll(() => server.destroy())

describe('a python-socketio agent with one-argument handlers', () => {
  let agent: PythonAgent
  beforeAll(() => {
    agent = new PythonAgent(
      spawnTracked(PYTHON, [SEED_AGENT, server.url, person.apiKey!], { stdio: 'pipe' }),
    )
  })
  afterAll(async () => {
    agent.send({ do: 'exit' })
    await agent.child.stop()
  })

  it('connects with auth {apiKey}, subscribes, and sees a person’s message', async () => {
    agent.send({ do: 'connect' })
    await agent.next((report) => report.connected === true, 'connected')
    agent.send({ do: 'subscribe', channelId })
    expect((await agent.next((report) => 'ack' in report, 'the ack')).ack).toMatchObject({
      ok: true,
    })
    const sent = await person.post('/api/messages', { channelId, text: 'hello from a person' })
    expect(sent.status).toBe(201)
    const { data } = await agent.event('message:created')
    expect(data).toMatchObject({
      id: sent.body.id,
      text: 'hello from a person',
      senderType: 'user',
    })
  })

  it('gets review:responded with the answer in review.response', async () => {
    const review = await postReview(person, channelId, APPROVAL)
    expect((await agent.event('message:created')).data.id).toBe(review.id)
    const answer = await respond(person, review.id, {
      response: { selectedOption: 'approve', comment: 'ship it' },
    })
    expect(answer.status).toBe(201)
    const { data } = await agent.event('review:responded')
    expect(data.id).toBe(review.id)
    expect(data.review.status).toBe('completed')
    expect(data.review.response).toMatchObject({ selectedOption: 'approve', comment: 'ship it' })
  })

  it('answers ping with a pong that has no argument', async () => {
    agent.send({ do: 'ping' })
    await agent.event('pong')
  })

  it('reconnects with since and catches up on what it missed', async () => {
    const before = await person.post('/api/messages', { channelId, text: 'seen live' })
    const { data: seenLive } = await agent.event('message:created')
    expect(seenLive.id).toBe(before.body.id)
    agent.send({ do: 'disconnect' })
    await agent.next((report) => report.disconnected === true, 'disconnected')

    const missed = await person.post('/api/messages', { channelId, text: 'sent while away' })
    agent.send({ do: 'connect' })
    await agent.next((report) => report.connected === true, 'connected again')
    agent.send({ do: 'subscribe', channelId, since: seenLive.seq })
    const { ack } = await agent.next((report) => 'ack' in report, 'the replay ack')
    expect(ack).toMatchObject({ ok: true, replayed: 1 })
    const { data: replayed } = await agent.event('message:created')
    expect(replayed).toMatchObject({ id: missed.body.id, text: 'sent while away' })
    // A second copy of the missed message (replayed and live) would arrive before the pong.
    agent.send({ do: 'ping' })
    await agent.event('pong')
    expect(agent.unclaimed).toEqual([])
  })
})

describe('frames on the wire', () => {
  let socket: ClientSocket
  const frames: string[] = []
  beforeAll(async () => {
    socket = await connectSocket(server.url, { apiKey: person.apiKey })
    // Engine.IO packets as received: the Socket.IO encoding before any client decoding.
    socket.io.engine.on('packet', (packet) => {
      if (packet.type === 'message' && typeof packet.data === 'string') frames.push(packet.data)
    })
  })
  afterAll(() => socket.close())

  /** The decoded argument list of the first event frame named `name`: `42/ws,[name, …args]`. */
  function argumentsOf(name: string): unknown[] {
    const frame = frames.find((data) => data.startsWith('2/ws,') && data.includes(`"${name}"`))
    if (!frame) throw new Error(`no ${name} frame among ${JSON.stringify(frames)}`)
    const [event, ...args] = JSON.parse(frame.slice(frame.indexOf('['))) as unknown[]
    expect(event).toBe(name)
    return args
  }

  it('carries exactly the seed’s arguments: one payload, none for pong', async () => {
    await new Promise<void>((resolve) =>
      socket.emit('subscribe:channel', channelId, () => resolve()),
    )
    const review = await postReview(person, channelId, APPROVAL)
    const answered = new Promise<void>((resolve) =>
      socket.on('review:responded', (message) => message.id === review.id && resolve()),
    )
    await respond(person, review.id, { response: { selectedOption: 'reject' } })
    await answered
    await roundTrip(socket)
    expect(argumentsOf('pong')).toEqual([])
    expect(argumentsOf('message:created')).toEqual([expect.objectContaining({ id: review.id })])
    expect(argumentsOf('review:responded')).toEqual([expect.objectContaining({ id: review.id })])
  })
})

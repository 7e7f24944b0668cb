import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, eventually } from './harness.ts'
import { createServerSite, type ServerProcess, type ServerSite } from './server-process.ts'
import { EventRecorder, connectDashboard, connectSocket, emitWithAck } from './socket-harness.ts'

/*
 * Two server processes (separate OS processes, `node dist/main.js`) on one database and one
 * Redis behave as one (issue 14: the nodes used to share the test's process, so a wake-up could
 * cross without Redis). Every step waits on an outcome, never on the clock.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

let site: ServerSite
let first: ServerProcess
let second: ServerProcess
let agentHttp: TestClient
let personOnSecond: TestClient
let channelId: string

beforeAll(async () => {
  // A prefix of its own keeps this pair apart from other test servers sharing the Redis.
  site = await createServerSite({
    REDIS_URL,
    REDIS_PREFIX: `placet-test-${randomBytes(4).toString('hex')}`,
  })
  // The first node logs at debug level, which says when it holds a long-poll.
  first = await site.start({ LOG_LEVEL: 'debug' })
  second = await site.start()
  agentHttp = await new TestClient(first.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  await agentHttp.useNewApiKey()
  personOnSecond = await new TestClient(second.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  channelId = (await agentHttp.post('/api/v1/agents', { name: 'spread out' })).body.id
})
afterAll(async () => {
  await second?.child.stop()
  await first?.child.stop()
  await site?.destroy()
})

describe('two server processes on one database and one Redis behave as one', () => {
  it('are two processes', () => {
    expect(first.child.process.pid).not.toBe(second.child.process.pid)
    expect(first.url).not.toBe(second.url)
  })

  it('delivers an answer given on one server to an agent socket on the other', async () => {
    const agent = await connectSocket(first.url, { apiKey: agentHttp.apiKey })
    const events = new EventRecorder(agent)
    await emitWithAck(agent, 'subscribe:channel', channelId)
    const { body } = await agentHttp.post('/api/v1/messages', {
      channelId,
      text: 'Deploy?',
      review: { type: 'approval' },
    })
    await personOnSecond.post(`/api/messages/${body.id}/respond`, {
      response: { selectedOption: 'approve' },
    })
    const responded = await events.next('review:responded', (message) => message.id === body.id)
    expect(responded.review?.response).toEqual({ selectedOption: 'approve' })
    agent.close()
  })

  it('wakes a long-poll on one server with an answer given on the other', async () => {
    const { body } = await agentHttp.post('/api/v1/messages', {
      channelId,
      text: 'Merge?',
      review: { type: 'approval' },
    })
    const waiting = agentHttp.get(
      `/api/v1/reviews/${body.id}/wait?channel=${channelId}&timeout=10000`,
    )
    // Answered only once the first server holds the wait, so the answer cannot be read from
    // the row: it must wake the wait across processes, or the wait comes back as `timeout`.
    await eventually(
      () =>
        first.log.some(
          (line) => line.msg === 'holding a review wait' && line.messageId === body.id,
        ),
      Boolean,
      'the first server to hold the long-poll',
    )
    await personOnSecond.post(`/api/messages/${body.id}/respond`, {
      response: { selectedOption: 'reject' },
    })
    const outcome = await waiting
    expect(outcome.body.status).toBe('completed')
    expect(outcome.body.message.review.response).toEqual({ selectedOption: 'reject' })
  })

  it('reaches a dashboard on the other server through its user room', async () => {
    const dashboard = await connectDashboard(personOnSecond)
    const events = new EventRecorder(dashboard)
    const { body } = await agentHttp.post('/api/v1/messages', {
      channelId,
      text: 'from the first server',
    })
    expect((await events.next('message:created', (message) => message.id === body.id)).text).toBe(
      'from the first server',
    )
    dashboard.close()
  })

  it('logs no error on either node', () => {
    expect(first.errors()).toEqual([])
    expect(second.errors()).toEqual([])
  })
})

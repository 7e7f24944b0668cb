import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
import { EventRecorder, connectDashboard, connectSocket, emitWithAck } from './socket-harness.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

let first: TestServer
let second: TestServer
let agentHttp: TestClient
let personOnSecond: TestClient
let channelId: string

beforeAll(async () => {
  // A prefix of its own keeps this pair apart from other test servers sharing the Redis.
  const env = { REDIS_URL, REDIS_PREFIX: `placet-test-${randomBytes(4).toString('hex')}` }
  first = await startTestServer(env)
  second = await first.startPeer(env)
  agentHttp = await ownerClient(first)
  personOnSecond = await new TestClient(second.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  channelId = (await agentHttp.post('/api/v1/agents', { name: 'spread out' })).body.id
})
afterAll(async () => {
  await second.destroy()
  await first.destroy()
})

describe('two server processes on one database and one Redis behave as one', () => {
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
    // Give the wait time to be held on the first server, so the answer must wake it across
    // processes (an answer that landed first would be read from the row instead). Not woken,
    // it would come back as `timeout`.
    await new Promise((resolve) => setTimeout(resolve, 500))
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
})

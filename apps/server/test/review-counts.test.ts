import { ReviewCounts } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  memberClient,
  ownerClient,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.ts'
import { APPROVAL, createAgent, postReview, respond } from './messaging-fixtures.ts'

/* `GET /api/messages/reviews/counts`: the pending count of the page title (issue 10). */

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
})
afterAll(() => server.destroy())

const countsOf = async (client: TestClient) => {
  const reply = await client.get('/api/messages/reviews/counts')
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return ReviewCounts.parse(reply.body)
}

describe('GET /api/messages/reviews/counts', () => {
  it('counts the user’s reviews per status, across agents, and nobody else’s', async () => {
    expect(await countsOf(owner)).toEqual({ pending: 0, completed: 0, expired: 0, cancelled: 0 })
    const first = (await createAgent(owner, 'One')).id
    const second = (await createAgent(owner, 'Two')).id
    const answered = await postReview(owner, first, APPROVAL)
    const cancelled = await postReview(owner, second, APPROVAL)
    await postReview(owner, second, APPROVAL)
    await postReview(owner, first, APPROVAL)
    await respond(owner, answered.id, { response: { selectedOption: 'approve' } })
    await owner.post(`/api/v1/reviews/${cancelled.id}/cancel`)

    expect(await countsOf(owner)).toEqual({ pending: 2, completed: 1, expired: 0, cancelled: 1 })
    const member = await memberClient(server)
    await postReview(member, (await createAgent(member, 'Theirs')).id, APPROVAL)
    expect(await countsOf(member)).toEqual({ pending: 1, completed: 0, expired: 0, cancelled: 0 })
    expect((await countsOf(owner)).pending).toBe(2)
  })

  it('needs a session', async () => {
    expect((await new TestClient(server.url).get('/api/messages/reviews/counts')).status).toBe(401)
  })
})

import { ApiLog, ApiLogPage } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.ts'
import { FAST_WEBHOOKS, answer, askApproval, createHookedAgent } from './webhook-flows.ts'
import { WebhookReceiver } from './webhook-receiver.ts'

/* The API request log of the dashboard: `GET /api/logs` and `/api/logs/:id` (spec 3.7, issue 10). */

let server: TestServer
let owner: TestClient
let member: TestClient
let receiver: WebhookReceiver
let agentId: string

const logsOf = async (client: TestClient, query = '') => {
  const reply = await client.get(`/api/logs${query}`)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return ApiLogPage.parse(reply.body)
}

beforeAll(async () => {
  server = await startTestServer({ ...FAST_WEBHOOKS, WEBHOOK_RETRY_SCHEDULE: '1h' })
  owner = await ownerClient(server)
  member = await memberClient(server)
  receiver = await WebhookReceiver.start()
  // The receiver refuses every delivery (one attempt, the retry is an hour away): an outbound
  // row with an error status.
  receiver.answerWith(() => 500)
  ;({ agentId } = await createHookedAgent(owner, receiver.url('/refuses'), {
    auth: { username: 'bot', password: 'hunter2' },
  }))
  await answer(owner, await askApproval(owner, agentId))
  // One inbound call that fails.
  expect((await owner.post('/api/v1/messages', { channelId: agentId })).status).toBe(400)
  await member.post('/api/v1/agents', { name: 'Member bot' })
  await eventually(
    () => logsOf(owner, '?direction=outbound'),
    (page) => page.data.length >= 1,
    'the failed webhook in the log',
  )
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

describe('GET /api/logs', () => {
  it('lists inbound calls and outbound webhooks, newest first, with masked bodies', async () => {
    const page = await logsOf(owner)
    const rows = page.data
    expect(rows.map((row) => row.createdAt)).toEqual(
      rows
        .map((row) => row.createdAt)
        .sort()
        .reverse(),
    )
    const setWebhook = rows.find((row) => row.path === '/api/v1/agents/setWebhook')!
    expect(setWebhook).toMatchObject({ method: 'POST', statusCode: 200, direction: 'inbound' })
    expect(JSON.parse(setWebhook.requestBody!)).toMatchObject({
      auth: { username: 'bot', password: '***' },
    })
    expect(setWebhook.requestBody).not.toContain('hunter2')
    const outbound = rows.find((row) => row.direction === 'outbound')!
    expect(outbound).toMatchObject({
      method: 'POST',
      path: receiver.url('/refuses'),
      statusCode: 500,
      agentId,
    })
    expect(JSON.parse(outbound.requestBody!)).toMatchObject({ event: 'review:responded' })
  })

  it('filters by direction, status and agent', async () => {
    const outbound = await logsOf(owner, '?direction=outbound')
    expect(outbound.data.length).toBeGreaterThan(0)
    expect(outbound.data.every((row) => row.direction === 'outbound')).toBe(true)

    const errors = await logsOf(owner, '?status=error')
    expect(errors.data.map((row) => row.statusCode).sort()).toEqual(
      expect.arrayContaining([400, 500]),
    )
    expect(errors.data.every((row) => row.statusCode === 0 || row.statusCode >= 400)).toBe(true)
    expect((await logsOf(owner, '?status=4xx')).data.map((row) => row.statusCode)).toEqual([400])
    expect((await logsOf(owner, '?status=500&direction=outbound')).data).toHaveLength(
      outbound.data.length,
    )
    const successes = await logsOf(owner, '?status=success&direction=inbound')
    expect(successes.data.every((row) => row.statusCode >= 200 && row.statusCode < 400)).toBe(true)

    const ofAgent = await logsOf(owner, `?agent=${agentId}`)
    expect(ofAgent.data.length).toBeGreaterThan(0)
    expect(ofAgent.data.every((row) => row.agentId === agentId)).toBe(true)
  })

  it('pages with a cursor until the log is exhausted', async () => {
    const all = (await logsOf(owner, '?limit=100')).data
    expect(all.length).toBeGreaterThanOrEqual(4)
    const seen: ApiLog[] = []
    let cursor: string | null = null
    do {
      const page: ApiLogPage = await logsOf(owner, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.data)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.map((row) => row.id)).toEqual(all.map((row) => row.id))
  })

  it('never shows another user’s rows, nor pages from their cursor', async () => {
    const ownRows = (await logsOf(owner, '?limit=100')).data
    const memberRows = (await logsOf(member, '?limit=100')).data
    expect(memberRows.length).toBeGreaterThan(0)
    const memberId = memberRows[0]!.userId
    expect(memberRows.every((row) => row.userId === memberId)).toBe(true)
    expect(ownRows.some((row) => row.userId === memberId)).toBe(false)
    // Naming the owner's agent gives the member nothing of the owner's.
    expect((await logsOf(member, `?agent=${agentId}`)).data).toEqual([])

    const cursor = await member.get(`/api/logs?cursor=${ownRows[0]!.id}`)
    expect(cursor.status).toBe(400)
    expect(cursor.body).toMatchObject({ statusCode: 400, message: 'Invalid cursor' })
  })

  it('answers 400 for bad filters and 401 without a session', async () => {
    for (const query of ['?direction=sideways', '?status=teapot', '?agent=', '?cursor=%01']) {
      const reply = await owner.get(`/api/logs${query}`)
      expect(reply.status, query).toBe(400)
      expect(reply.body).toMatchObject({ statusCode: 400, message: 'Validation failed' })
    }
    expect((await owner.get('/api/logs?cursor=%00')).status).toBe(400)
    const anonymous = await new TestClient(server.url).get('/api/logs')
    expect(anonymous.status).toBe(401)
  })
})

describe('GET /api/logs/:id', () => {
  it('returns one of the user’s rows and 404 for anyone else’s', async () => {
    const row = (await logsOf(owner, '?limit=1')).data[0]!
    const one = await owner.get(`/api/logs/${row.id}`)
    expect(one.status).toBe(200)
    expect(ApiLog.parse(one.body)).toEqual(row)

    const foreign = await member.get(`/api/logs/${row.id}`)
    expect(foreign.status).toBe(404)
    expect(foreign.body).toEqual(expect.objectContaining({ statusCode: 404 }))
    expect((await owner.get('/api/logs/nope')).status).toBe(404)
  })
})

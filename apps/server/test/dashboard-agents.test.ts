import { AgentListItem, AgentStats, AgentsOverviewStats, type Agent } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  TestClient,
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
})
afterAll(() => server.destroy())

/** Stores a message as if sent; `secondsAgo` orders them without waiting. */
function insertMessage(
  channelId: string,
  senderType: 'agent' | 'user',
  text: string,
  secondsAgo = 0,
) {
  const createdAt = new Date(Date.now() - secondsAgo * 1000)
  return server.services.db.transaction((tx) =>
    tx.message.create({
      data: {
        channelId,
        senderType,
        senderId: senderType === 'agent' ? channelId : 'someone',
        text,
        createdAt,
      },
    }),
  )
}

const listItem = async (client: TestClient, id: string) =>
  AgentListItem.parse((await client.get('/api/agents')).body.find((row: Agent) => row.id === id))

describe('dashboard agents (spec 3.4)', () => {
  it('needs a session', async () => {
    const anonymous = new TestClient(server.url)
    expect((await anonymous.get('/api/agents')).status).toBe(401)
    expect((await anonymous.post('/api/agents', { name: 'x' })).status).toBe(401)
  })

  it('creates (201), renames, sets the webhook headers and auth, and deletes', async () => {
    const created = await owner.post('/api/agents', { name: 'From the sidebar', tag: 'ui' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'From the sidebar', tag: 'ui', status: 'offline' })
    const patched = await owner.patch(`/api/agents/${created.body.id}`, {
      name: 'Renamed',
      webhookHeaders: { 'x-a': 'b' },
      webhookAuth: { username: 'u', password: 'p' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      name: 'Renamed',
      webhookHeaders: { 'x-a': 'b' },
      webhookAuth: { username: 'u', password: '***' },
    })
    const kept = await owner.patch(`/api/agents/${created.body.id}`, {
      webhookAuth: { username: 'u', password: '***' },
    })
    expect(kept.status).toBe(200)
    const stored = await server.services.db.read((tx) =>
      tx.agent.findUniqueOrThrow({ where: { id: created.body.id } }),
    )
    expect(stored.webhookAuth).toEqual({ username: 'u', password: 'p' })

    const deleted = await owner.delete(`/api/agents/${created.body.id}`)
    expect(deleted.body).toEqual({ deleted: true })
    expect((await owner.delete(`/api/agents/${created.body.id}`)).status).toBe(404)
  })

  it('refuses bad bodies with the failing path and unknown ids with 404', async () => {
    const bad = await owner.post('/api/agents', { name: '   ' })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toEqual(['name'])
    for (const reply of [
      await owner.patch('/api/agents/missing', { name: 'x' }),
      await owner.post('/api/agents/missing/read'),
      await owner.get('/api/agents/missing/stats'),
    ]) {
      expect(reply.status).toBe(404)
      expect(reply.body.message).toBe('Agent not found')
    }
  })

  it('lists agents with their last message, its time and the unread count', async () => {
    const agent = (await owner.post('/api/agents', { name: 'Chatty' })).body as Agent
    const quiet = (await owner.post('/api/agents', { name: 'Quiet' })).body as Agent
    await insertMessage(agent.id, 'agent', 'first', 30)
    await insertMessage(agent.id, 'user', 'a reply', 20)
    const newest = await insertMessage(agent.id, 'agent', 'newest', 10)

    const item = await listItem(owner, agent.id)
    expect(item).toMatchObject({
      lastMessage: 'newest',
      lastMessageTime: newest.createdAt.toISOString(),
      unreadCount: 2,
    })
    expect(await listItem(owner, quiet.id)).toMatchObject({
      lastMessage: null,
      lastMessageTime: null,
      unreadCount: 0,
    })
  })

  it('marks a channel read (204): only agent messages after the marker count', async () => {
    const agent = (await owner.post('/api/agents', { name: 'Reader' })).body as Agent
    await insertMessage(agent.id, 'agent', 'old', 60)
    expect((await listItem(owner, agent.id)).unreadCount).toBe(1)

    const read = await owner.post(`/api/agents/${agent.id}/read`)
    expect(read.status).toBe(204)
    expect((await listItem(owner, agent.id)).unreadCount).toBe(0)

    await insertMessage(agent.id, 'user', 'mine does not count', -1)
    await insertMessage(agent.id, 'agent', 'new one', -1)
    expect(await listItem(owner, agent.id)).toMatchObject({
      unreadCount: 1,
      lastMessage: expect.any(String),
    })
  })

  it('answers per-agent stats: messages by direction, requests, the last 100 status changes', async () => {
    const agent = (await owner.post('/api/v1/agents', { name: 'Measured' })).body as Agent
    await insertMessage(agent.id, 'agent', 'in 1', 5)
    await insertMessage(agent.id, 'agent', 'in 2', 4)
    await insertMessage(agent.id, 'user', 'out', 3)
    for (let index = 0; index < 52; index++) {
      await owner.post('/api/v1/status/ping', {
        agentId: agent.id,
        status: index % 2 === 0 ? 'active' : 'busy',
      })
    }
    await owner.post('/api/v1/agents/setTag', { channelId: agent.id, tag: 'x'.repeat(65) })
    // 1 create + 52 pings succeeded; the bad setTag failed. ApiLog rows are written after each
    // response goes out, so the figures are polled, not assumed.
    const stats = await eventually(
      async () => AgentStats.parse((await owner.get(`/api/agents/${agent.id}/stats`)).body),
      (value) => value.successRequests === 52 && value.errorRequests === 1,
    )
    expect(stats).toMatchObject({ totalMessages: 3, totalInbound: 2, totalOutbound: 1 })
    expect(stats.statusHistory).toHaveLength(52)
    expect(stats.statusHistory[0]).toMatchObject({ agentId: agent.id, status: 'busy' })

    for (let index = 0; index < 50; index++) {
      await owner.post('/api/v1/status/ping', {
        agentId: agent.id,
        status: index % 2 === 0 ? 'active' : 'busy',
      })
    }
    expect((await owner.get(`/api/agents/${agent.id}/stats`)).body.statusHistory).toHaveLength(100)
  })

  it('answers the overview stats of the signed-in user', async () => {
    const member = await memberClient(server)
    const live = (await member.post('/api/v1/agents', { name: 'Live' })).body as Agent
    await member.post('/api/v1/agents', { name: 'Asleep' })
    await member.post('/api/v1/status/ping', { agentId: live.id, status: 'active' })
    await member.post('/api/v1/agents/setTag', { channelId: 'missing', tag: 'x' })
    await insertMessage(live.id, 'agent', 'hello')
    await insertMessage(live.id, 'user', 'hi')
    const overview = await eventually(
      async () => AgentsOverviewStats.parse((await member.get('/api/agents/stats')).body),
      (value) => value.successRequests + value.errorRequests === 4,
    )
    expect(overview).toEqual({
      totalAgents: 2,
      activeAgents: 1,
      totalMessages: 2,
      successRequests: 3,
      errorRequests: 1,
    })
  })
})

describe('inbound ApiLog (spec 1.10)', () => {
  it('writes a masked row per agent call, naming the channel', async () => {
    const member = await memberClient(server)
    const agent = (await member.post('/api/v1/agents', { name: 'Logged' })).body as Agent
    await member.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: 'https://93.184.216.34/hook',
      auth: { username: 'bot', password: 'plain-password' },
      headers: { Authorization: 'Bearer abc' },
    })
    await member.put(`/api/v1/agents/${agent.id}/commands`, { commands: [] })
    const memberId = (await member.get('/api/auth/me')).body.user.id
    const rows = await eventually(
      () =>
        server.services.db.read((tx) =>
          tx.apiLog.findMany({ where: { userId: memberId }, orderBy: { createdAt: 'asc' } }),
        ),
      (found) => found.length === 3,
    )
    const setWebhook = rows.find((row) => row.path === '/api/v1/agents/setWebhook')!
    expect(setWebhook).toMatchObject({
      method: 'POST',
      statusCode: 200,
      direction: 'inbound',
      agentId: agent.id,
    })
    expect(setWebhook.apiKeyId).toBeTruthy()
    expect(setWebhook.durationMs).toBeGreaterThanOrEqual(0)
    expect(JSON.parse(setWebhook.requestBody!)).toMatchObject({
      auth: { username: 'bot', password: '***' },
      headers: { Authorization: '***' },
    })
    expect(setWebhook.requestBody).not.toContain('plain-password')
    expect(JSON.parse(setWebhook.responseBody!)).toMatchObject({ webhookSecret: '***' })
    expect(setWebhook.responseBody).not.toContain('whsec_')
    expect(rows.find((row) => row.method === 'PUT')).toMatchObject({
      agentId: agent.id,
      statusCode: 200,
    })
    expect(
      rows.find((row) => row.path === '/api/v1/agents' && row.method === 'POST'),
    ).toMatchObject({ statusCode: 201, agentId: null })
  })

  it('writes nothing for a call without a valid key', async () => {
    const probe = `probe-${Date.now()}`
    expect((await new TestClient(server.url).get(`/api/v1/agents?${probe}=anonymous`)).status).toBe(
      401,
    )
    // A logged call after it shows the log has caught up.
    await owner.get(`/api/v1/agents?${probe}=owner`)
    const paths = (
      await eventually(
        () =>
          server.services.db.read((tx) =>
            tx.apiLog.findMany({ where: { path: { contains: probe } } }),
          ),
        (rows) => rows.length > 0,
      )
    ).map((row) => row.path)
    expect(paths).toEqual([`/api/v1/agents?${probe}=owner`])
  })
})

import type { Agent } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type Reply,
  type TestClient,
  type TestServer,
} from './harness.ts'

let server: TestServer
let userA: TestClient
let userB: TestClient
let agentA: Agent
let parentB: Agent

const HOOK = 'https://93.184.216.34/hook'

beforeAll(async () => {
  server = await startTestServer()
  userA = await ownerClient(server)
  userB = await memberClient(server)
  agentA = (
    await userA.post('/api/v1/agents', { name: 'A private', webhookUrl: HOOK, tag: 'a-only' })
  ).body
  await userA.post('/api/v1/status/ping', {
    agentId: agentA.id,
    status: 'active',
    message: 'A is working',
  })
  await server.services.db.transaction((tx) =>
    tx.message.create({
      data: {
        channelId: agentA.id,
        senderType: 'agent',
        senderId: agentA.id,
        text: 'secret plans of A',
      },
    }),
  )
  parentB = (await userB.post('/api/v1/agents', { name: 'B parent' })).body
})
afterAll(() => server.destroy())

const storedA = () =>
  server.services.db.read((tx) => tx.agent.findUniqueOrThrow({ where: { id: agentA.id } }))

function expectNotYours(reply: Reply, what: string) {
  expect(reply.status, what).toBe(403)
  expect(reply.body.message, what).toBe('Not your agent')
}

describe("user B cannot read or change user A's agents", () => {
  it('sees none of them in either list, nor in the figures', async () => {
    const lists = [(await userB.get('/api/v1/agents')).body, (await userB.get('/api/agents')).body]
    for (const list of lists) {
      expect(list.map((agent: Agent) => agent.id)).not.toContain(agentA.id)
      expect(JSON.stringify(list)).not.toContain('secret plans of A')
    }
    const overview = (await userB.get('/api/agents/stats')).body
    expect(overview).toMatchObject({ totalAgents: 1, activeAgents: 0, totalMessages: 0 })
  })

  it('is refused with 403 "Not your agent" by every agent API call naming A\'s agent', async () => {
    const id = agentA.id
    const calls: [string, () => Promise<Reply>][] = [
      ['PATCH', () => userB.patch(`/api/v1/agents/${id}`, { name: 'taken' })],
      ['DELETE', () => userB.delete(`/api/v1/agents/${id}`)],
      [
        'commands',
        () =>
          userB.put(`/api/v1/agents/${id}/commands`, {
            commands: [{ command: '/x', description: 'x' }],
          }),
      ],
      ['setWebhook', () => userB.post('/api/v1/agents/setWebhook', { channelId: id, url: HOOK })],
      ['deleteWebhook', () => userB.post('/api/v1/agents/deleteWebhook', { channelId: id })],
      [
        'rotateWebhookSecret',
        () => userB.post('/api/v1/agents/rotateWebhookSecret', { channelId: id }),
      ],
      ['setTag', () => userB.post('/api/v1/agents/setTag', { channelId: id, tag: 'b' })],
      [
        'setManagement',
        () => userB.post('/api/v1/agents/setManagement', { channelId: id, url: HOOK, apiKey: 'k' }),
      ],
      [
        'setSubagent',
        () =>
          userB.post('/api/v1/agents/setSubagent', {
            channelId: id,
            isSubagent: true,
            parentChannelId: parentB.id,
          }),
      ],
      [
        'ping',
        () =>
          userB.post('/api/v1/status/ping', { agentId: id, status: 'error', message: 'hijacked' }),
      ],
    ]
    for (const [what, call] of calls) expectNotYours(await call(), what)
  })

  it("is refused with 403 by every dashboard call naming A's agent", async () => {
    const id = agentA.id
    const calls: [string, () => Promise<Reply>][] = [
      ['PATCH', () => userB.patch(`/api/agents/${id}`, { name: 'taken' })],
      ['DELETE', () => userB.delete(`/api/agents/${id}`)],
      ['read', () => userB.post(`/api/agents/${id}/read`)],
      ['stats', () => userB.get(`/api/agents/${id}/stats`)],
      ['rotate', () => userB.post(`/api/agents/${id}/rotate-webhook-secret`)],
    ]
    for (const [what, call] of calls) expectNotYours(await call(), what)
  })

  it("cannot hang B's agents under A's agent", async () => {
    expectNotYours(
      await userB.post('/api/v1/agents/setSubagent', {
        channelId: parentB.id,
        isSubagent: true,
        parentChannelId: agentA.id,
      }),
      'parent of A',
    )
    expectNotYours(
      await userB.post('/api/v1/agents/setWebhook', {
        channelId: parentB.id,
        url: HOOK,
        isSubagent: true,
        parentChannelId: agentA.id,
      }),
      'parent via setWebhook',
    )
  })

  it('left everything of A as it was', async () => {
    const stored = await storedA()
    expect(stored).toMatchObject({
      name: 'A private',
      tag: 'a-only',
      webhookUrl: HOOK,
      status: 'active',
      statusMessage: 'A is working',
      managementUrl: null,
      isSubagent: false,
      commands: null,
    })
    expect(stored.webhookPreviousSecret).toBeNull()
    const read = await server.services.db.read((tx) =>
      tx.channelRead.findMany({ where: { channelId: agentA.id } }),
    )
    expect(read).toEqual([])
    // A still sees its unread message, and B's refused calls do not count in A's figures.
    const item = (await userA.get('/api/agents')).body.find(
      (agent: Agent) => agent.id === agentA.id,
    )
    expect(item).toMatchObject({ unreadCount: 1, lastMessage: 'secret plans of A' })
    const statsA = (await userA.get(`/api/agents/${agentA.id}/stats`)).body
    expect(statsA.errorRequests).toBe(0)
    expect(statsA.statusHistory).toHaveLength(1)
  })
})

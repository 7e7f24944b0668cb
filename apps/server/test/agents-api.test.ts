import { Agent } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
})
afterAll(() => server.destroy())

/** A public address literal: passes the SSRF guard without DNS (the machines are offline). */
const PUBLIC_HOOK = 'https://93.184.216.34/hook'

async function createAgent(client: TestClient, body: Record<string, unknown> = {}) {
  const reply = await client.post('/api/v1/agents', { name: 'Agent', ...body })
  expect(reply.status).toBe(201)
  return reply.body as Agent
}

describe('agent API: create, list, patch, delete (spec 2.3)', () => {
  it('creates an agent with 201, offline, and lists it newest first', async () => {
    const first = await createAgent(owner, { name: 'First', description: 'one', tag: 'ops' })
    const second = await createAgent(owner, { name: 'Second' })
    expect(Agent.parse(first)).toMatchObject({
      name: 'First',
      description: 'one',
      tag: 'ops',
      status: 'offline',
      isSubagent: false,
    })
    expect(first).not.toHaveProperty('webhookSecret')

    const listed = await owner.get('/api/v1/agents')
    expect(listed.status).toBe(200)
    const ids = listed.body.map((agent: Agent) => agent.id)
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id))
  })

  it('refuses a create without a name with the failing path', async () => {
    const reply = await owner.post('/api/v1/agents', { description: 'nameless' })
    expect(reply.status).toBe(400)
    expect(reply.body.message).toBe('Validation failed')
    expect(reply.body.errors[0].path).toEqual(['name'])
    const long = await owner.post('/api/v1/agents', { name: 'x', tag: 't'.repeat(65) })
    expect(long.body.errors[0].path).toEqual(['tag'])
  })

  it('patches fields and clears them with null', async () => {
    const agent = await createAgent(owner, { name: 'Before', description: 'd', tag: 'x' })
    const patched = await owner.patch(`/api/v1/agents/${agent.id}`, {
      name: 'After',
      description: null,
      tag: null,
      webhookHeaders: { 'x-team': 'blue' },
      webhookAuth: { username: 'bot', password: 'hunter2' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      name: 'After',
      description: null,
      tag: null,
      webhookHeaders: { 'x-team': 'blue' },
      webhookAuth: { username: 'bot', password: '***' },
    })
    const cleared = await owner.patch(`/api/v1/agents/${agent.id}`, {
      webhookAuth: null,
      webhookHeaders: null,
    })
    expect(cleared.body).toMatchObject({ webhookAuth: null, webhookHeaders: null, name: 'After' })
  })

  it('keeps the stored webhook password when a PATCH sends the mask back (spec 9.3.5)', async () => {
    const agent = await createAgent(owner)
    await owner.patch(`/api/v1/agents/${agent.id}`, {
      webhookAuth: { username: 'bot', password: 'real-secret' },
    })
    const echoed = await owner.patch(`/api/v1/agents/${agent.id}`, {
      name: 'Renamed',
      webhookAuth: { username: 'bot2', password: '***' },
    })
    expect(echoed.status).toBe(200)
    expect(echoed.body.webhookAuth).toEqual({ username: 'bot2', password: '***' })
    const stored = await server.services.db.read((tx) =>
      tx.agent.findUniqueOrThrow({ where: { id: agent.id } }),
    )
    expect(stored.webhookAuth).toEqual({ username: 'bot2', password: 'real-secret' })

    const fresh = await createAgent(owner)
    const nothingToKeep = await owner.patch(`/api/v1/agents/${fresh.id}`, {
      webhookAuth: { username: 'u', password: '***' },
    })
    expect(nothingToKeep.status).toBe(400)
    expect(nothingToKeep.body.errors[0].path).toEqual(['webhookAuth', 'password'])
  })

  it('answers 404 "Agent not found" for an unknown id', async () => {
    for (const reply of [
      await owner.patch('/api/v1/agents/nope', { name: 'x' }),
      await owner.delete('/api/v1/agents/nope'),
      await owner.put('/api/v1/agents/nope/commands', { commands: [] }),
    ]) {
      expect(reply.status).toBe(404)
      expect(reply.body.message).toBe('Agent not found')
    }
  })

  it('refuses a bad PATCH body with 400', async () => {
    const agent = await createAgent(owner)
    const reply = await owner.patch(`/api/v1/agents/${agent.id}`, { name: '' })
    expect(reply.status).toBe(400)
    expect(reply.body.errors[0].path).toEqual(['name'])
  })

  it('deletes an agent with {deleted:true}; its messages and history go with it', async () => {
    const agent = await createAgent(owner)
    await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' })
    await server.services.db.transaction((tx) =>
      tx.message.create({
        data: { channelId: agent.id, senderType: 'agent', senderId: agent.id, text: 'bye' },
      }),
    )
    const deleted = await owner.delete(`/api/v1/agents/${agent.id}`)
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ deleted: true })
    const left = await server.services.db.read(async (tx) => ({
      messages: await tx.message.count({ where: { channelId: agent.id } }),
      history: await tx.agentStatusHistory.count({ where: { agentId: agent.id } }),
    }))
    expect(left).toEqual({ messages: 0, history: 0 })
    expect((await owner.delete(`/api/v1/agents/${agent.id}`)).status).toBe(404)
  })
})

describe('agent API: settings verbs (spec 2.3)', () => {
  it('sets and clears the tag with 200', async () => {
    const agent = await createAgent(owner)
    const set = await owner.post('/api/v1/agents/setTag', { channelId: agent.id, tag: 'research' })
    expect(set.status).toBe(200)
    expect(set.body.tag).toBe('research')
    expect(
      (await owner.post('/api/v1/agents/setTag', { channelId: agent.id, tag: null })).body.tag,
    ).toBeNull()
    const tooLong = await owner.post('/api/v1/agents/setTag', {
      channelId: agent.id,
      tag: 'x'.repeat(65),
    })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors[0].path).toEqual(['tag'])
  })

  it('sets management as a pair, masks the key, and clears both with null', async () => {
    const agent = await createAgent(owner)
    const set = await owner.post('/api/v1/agents/setManagement', {
      channelId: agent.id,
      url: 'https://m.example.com/api',
      apiKey: 'mgmt-key',
    })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({
      managementUrl: 'https://m.example.com/api',
      managementApiKey: '***',
    })
    const half = await owner.post('/api/v1/agents/setManagement', {
      channelId: agent.id,
      url: 'https://m.example.com/api',
      apiKey: null,
    })
    expect(half.status).toBe(400)
    expect(half.body.errors[0].path).toEqual(['apiKey'])
    const cleared = await owner.post('/api/v1/agents/setManagement', {
      channelId: agent.id,
      url: null,
      apiKey: null,
    })
    expect(cleared.body).toMatchObject({ managementUrl: null, managementApiKey: null })
  })

  it('replaces slash commands with PUT (200)', async () => {
    const agent = await createAgent(owner)
    const commands = [
      { command: '/deploy', description: 'Ship it', acceptsArgs: true, argHint: '<env>' },
      { command: '/stop', description: 'Stop' },
    ]
    const put = await owner.put(`/api/v1/agents/${agent.id}/commands`, { commands })
    expect(put.status).toBe(200)
    expect(put.body.commands).toEqual(commands)
    const bad = await owner.put(`/api/v1/agents/${agent.id}/commands`, {
      commands: [{ command: '', description: 'x' }],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].path).toEqual(['commands', 0, 'command'])
  })

  it('names a missing channelId as the failing path', async () => {
    for (const verb of [
      'setTag',
      'setManagement',
      'setSubagent',
      'deleteWebhook',
      'rotateWebhookSecret',
      'setWebhook',
    ]) {
      const reply = await owner.post(`/api/v1/agents/${verb}`, {})
      expect(reply.status, verb).toBe(400)
      expect(
        reply.body.errors.map((issue: { path: string[] }) => issue.path[0]),
        verb,
      ).toContain('channelId')
    }
  })

  it('answers 404 for verbs on an unknown channel', async () => {
    for (const [verb, body] of [
      ['setTag', { tag: 'x' }],
      ['setManagement', { url: null, apiKey: null }],
      ['setSubagent', { isSubagent: false }],
      ['deleteWebhook', {}],
      ['rotateWebhookSecret', {}],
      ['setWebhook', { url: PUBLIC_HOOK }],
    ] as const) {
      const reply = await owner.post(`/api/v1/agents/${verb}`, { channelId: 'missing', ...body })
      expect(reply.status, verb).toBe(404)
      expect(reply.body.message, verb).toBe('Agent not found')
    }
  })
})

describe('agent API: subagents (spec 2.3)', () => {
  it('makes an agent a subagent of another and back', async () => {
    const parent = await createAgent(owner, { name: 'Parent' })
    const child = await createAgent(owner, { name: 'Child' })
    const set = await owner.post('/api/v1/agents/setSubagent', {
      channelId: child.id,
      isSubagent: true,
      parentChannelId: parent.id,
    })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ isSubagent: true, parentAgentId: parent.id })
    const unset = await owner.post('/api/v1/agents/setSubagent', {
      channelId: child.id,
      isSubagent: false,
    })
    expect(unset.body).toMatchObject({ isSubagent: false, parentAgentId: null })
  })

  it('refuses the schema-level mistakes with 400 on parentChannelId', async () => {
    const agent = await createAgent(owner)
    const other = await createAgent(owner)
    for (const body of [
      { channelId: agent.id, isSubagent: true },
      { channelId: agent.id, isSubagent: false, parentChannelId: other.id },
      { channelId: agent.id, isSubagent: true, parentChannelId: agent.id },
    ]) {
      const reply = await owner.post('/api/v1/agents/setSubagent', body)
      expect(reply.status).toBe(400)
      expect(reply.body.errors[0].path).toEqual(['parentChannelId'])
    }
  })

  it('rejects a parent cycle with 400', async () => {
    const a = await createAgent(owner, { name: 'A' })
    const b = await createAgent(owner, { name: 'B' })
    const c = await createAgent(owner, { name: 'C' })
    await owner.post('/api/v1/agents/setSubagent', {
      channelId: b.id,
      isSubagent: true,
      parentChannelId: a.id,
    })
    await owner.post('/api/v1/agents/setSubagent', {
      channelId: c.id,
      isSubagent: true,
      parentChannelId: b.id,
    })
    const cycle = await owner.post('/api/v1/agents/setSubagent', {
      channelId: a.id,
      isSubagent: true,
      parentChannelId: c.id,
    })
    expect(cycle.status).toBe(400)
    expect(cycle.body.message).toMatch(/cycle/i)
    expect(cycle.body.errors[0].path).toEqual(['parentChannelId'])
    const viaWebhook = await owner.post('/api/v1/agents/setWebhook', {
      channelId: a.id,
      url: PUBLIC_HOOK,
      isSubagent: true,
      parentChannelId: b.id,
    })
    expect(viaWebhook.status).toBe(400)
    const stored = await server.services.db.read((tx) =>
      tx.agent.findUniqueOrThrow({ where: { id: a.id } }),
    )
    expect(stored).toMatchObject({ isSubagent: false, parentAgentId: null, webhookUrl: null })
  })

  it('refuses nesting deeper than 16 levels', async () => {
    const chain: Agent[] = [await createAgent(owner, { name: 'root' })]
    for (let level = 1; level <= 16; level++) {
      const next = await createAgent(owner, { name: `level ${level}` })
      const reply = await owner.post('/api/v1/agents/setSubagent', {
        channelId: next.id,
        isSubagent: true,
        parentChannelId: chain.at(-1)!.id,
      })
      expect(reply.status).toBe(200)
      chain.push(next)
    }
    const tooDeep = await createAgent(owner, { name: 'too deep' })
    const reply = await owner.post('/api/v1/agents/setSubagent', {
      channelId: tooDeep.id,
      isSubagent: true,
      parentChannelId: chain.at(-1)!.id,
    })
    expect(reply.status).toBe(400)
    expect(reply.body.message).toMatch(/16/)
  })

  it('answers 404 for an unknown parent', async () => {
    const agent = await createAgent(owner)
    const reply = await owner.post('/api/v1/agents/setSubagent', {
      channelId: agent.id,
      isSubagent: true,
      parentChannelId: 'missing',
    })
    expect(reply.status).toBe(404)
    expect(reply.body.message).toBe('Parent agent not found')
  })

  it('turns the subagents of a deleted agent into top-level agents', async () => {
    const parent = await createAgent(owner)
    const child = await createAgent(owner)
    await owner.post('/api/v1/agents/setSubagent', {
      channelId: child.id,
      isSubagent: true,
      parentChannelId: parent.id,
    })
    await owner.delete(`/api/v1/agents/${parent.id}`)
    const listed = (await owner.get('/api/v1/agents')).body.find(
      (agent: Agent) => agent.id === child.id,
    )
    expect(listed).toMatchObject({ isSubagent: false, parentAgentId: null })
  })
})

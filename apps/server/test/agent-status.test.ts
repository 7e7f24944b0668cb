import type { Agent, LoggedEvent } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'

/** Events of one agent as the server committed them, in order. */
function recordStatusEvents(server: TestServer) {
  const events: Extract<LoggedEvent, { type: 'agent:status' }>[] = []
  server.services.bus.subscribe((event) => {
    if (event.type === 'agent:status') events.push(event)
  })
  return (agentId: string) => events.filter((event) => event.channelId === agentId)
}

const historyOf = (server: TestServer, agentId: string) =>
  server.services.db.read((tx) =>
    tx.agentStatusHistory.findMany({ where: { agentId }, orderBy: { createdAt: 'asc' } }),
  )

/** Polls the API (no timing assertion) until `check` holds for the agent. */
async function waitForAgent(
  client: TestClient,
  agentId: string,
  check: (agent: Agent) => boolean,
): Promise<Agent> {
  const agent = await eventually(
    async () => (await client.get('/api/v1/agents')).body.find((row: Agent) => row.id === agentId),
    (found: Agent | undefined) => found !== undefined && check(found),
    `agent ${agentId}`,
  )
  return agent as Agent
}

describe('POST /api/v1/status/ping (spec 2.4)', () => {
  let server: TestServer
  let owner: TestClient
  let statusEventsOf: ReturnType<typeof recordStatusEvents>

  beforeAll(async () => {
    server = await startTestServer()
    owner = await ownerClient(server)
    statusEventsOf = recordStatusEvents(server)
  })
  afterAll(() => server.destroy())

  const newAgent = async () =>
    (await owner.post('/api/v1/agents', { name: 'Pinger' })).body as Agent

  it('sets the status with 201 and answers the masked agent', async () => {
    const agent = await newAgent()
    await owner.post('/api/v1/agents/setManagement', {
      channelId: agent.id,
      url: 'https://m.example.com',
      apiKey: 'k',
    })
    const reply = await owner.post('/api/v1/status/ping', {
      agentId: agent.id,
      status: 'active',
      message: 'warming up',
    })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      id: agent.id,
      status: 'active',
      statusMessage: 'warming up',
      managementApiKey: '***',
    })
    expect(reply.body.statusSince).toBe(reply.body.lastActiveAt)
  })

  it('moves statusSince, writes history and emits agent:status only on change', async () => {
    const agent = await newAgent()
    const first = (await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' }))
      .body
    const same = (await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' }))
      .body
    expect(same.statusSince).toBe(first.statusSince)
    expect(new Date(same.lastActiveAt).getTime()).toBeGreaterThanOrEqual(
      new Date(first.lastActiveAt).getTime(),
    )
    expect(await historyOf(server, agent.id)).toHaveLength(1)
    expect(statusEventsOf(agent.id)).toHaveLength(1)

    // A new message alone: an event, but no history row and the same statusSince.
    const messaged = (
      await owner.post('/api/v1/status/ping', {
        agentId: agent.id,
        status: 'active',
        message: 'step 2',
      })
    ).body
    expect(messaged.statusSince).toBe(first.statusSince)
    expect(await historyOf(server, agent.id)).toHaveLength(1)
    expect(statusEventsOf(agent.id)).toHaveLength(2)

    // A missing message becomes null (spec 2.4), which is a change of message.
    const busy = (await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'busy' }))
      .body
    expect(busy.statusMessage).toBeNull()
    expect(busy.statusSince).not.toBe(first.statusSince)
    const history = await historyOf(server, agent.id)
    expect(history.map((row) => row.status)).toEqual(['active', 'busy'])

    const events = statusEventsOf(agent.id)
    expect(events).toHaveLength(3)
    expect(events.at(-1)).toMatchObject({
      type: 'agent:status',
      payload: {
        agentId: agent.id,
        status: 'busy',
        statusMessage: null,
        statusSince: busy.statusSince,
      },
    })
    const logged = await server.services.db.read((tx) =>
      tx.event.findMany({ where: { channelId: agent.id, type: 'agent:status' } }),
    )
    expect(logged).toHaveLength(3)
  })

  it('refuses bad bodies with the failing path', async () => {
    const agent = await newAgent()
    const badStatus = await owner.post('/api/v1/status/ping', {
      agentId: agent.id,
      status: 'sleeping',
    })
    expect(badStatus.status).toBe(400)
    expect(badStatus.body.errors[0].path).toEqual(['status'])
    const longMessage = await owner.post('/api/v1/status/ping', {
      agentId: agent.id,
      status: 'active',
      message: 'x'.repeat(501),
    })
    expect(longMessage.body.errors[0].path).toEqual(['message'])
    const noAgent = await owner.post('/api/v1/status/ping', { status: 'active' })
    expect(noAgent.body.errors[0].path).toEqual(['agentId'])
  })

  it('answers 404 for an unknown agent', async () => {
    const reply = await owner.post('/api/v1/status/ping', { agentId: 'missing', status: 'active' })
    expect(reply.status).toBe(404)
    expect(reply.body.message).toBe('Agent not found')
  })
})

describe('server-side offline detection (AGENT_OFFLINE_AFTER)', () => {
  let server: TestServer
  let owner: TestClient
  let statusEventsOf: ReturnType<typeof recordStatusEvents>

  beforeAll(async () => {
    server = await startTestServer({ AGENT_OFFLINE_AFTER: '1s' })
    owner = await ownerClient(server)
    statusEventsOf = recordStatusEvents(server)
  })
  afterAll(() => server.destroy())

  it('sets an agent that stopped pinging offline, with a history row and an event', async () => {
    const agent = (await owner.post('/api/v1/agents', { name: 'Goes quiet' })).body as Agent
    const pinged = (
      await owner.post('/api/v1/status/ping', {
        agentId: agent.id,
        status: 'busy',
        message: 'working',
      })
    ).body

    const offline = await waitForAgent(owner, agent.id, (row) => row.status === 'offline')
    expect(offline.lastActiveAt).toBe(pinged.lastActiveAt)
    expect(offline.statusMessage).toMatch(/no heartbeat/i)
    expect(new Date(offline.statusSince!).getTime()).toBeGreaterThan(
      new Date(pinged.statusSince).getTime(),
    )

    const history = await historyOf(server, agent.id)
    expect(history.map((row) => row.status)).toEqual(['busy', 'offline'])
    const events = statusEventsOf(agent.id)
    expect(events.at(-1)).toMatchObject({
      payload: { agentId: agent.id, status: 'offline', statusSince: offline.statusSince },
    })

    const stats = await owner.get(`/api/agents/${agent.id}/stats`)
    expect(stats.body.statusHistory.map((row: { status: string }) => row.status)).toEqual([
      'offline',
      'busy',
    ])
  })

  it('comes back with the next ping, and goes offline again once it stops', async () => {
    const agent = (await owner.post('/api/v1/agents', { name: 'Flaky' })).body as Agent
    await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' })
    await waitForAgent(owner, agent.id, (row) => row.status === 'offline')
    const back = await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' })
    expect(back.body.status).toBe('active')
    await waitForAgent(owner, agent.id, (row) => row.status === 'offline')
    expect((await historyOf(server, agent.id)).map((row) => row.status)).toEqual([
      'active',
      'offline',
      'active',
      'offline',
    ])
  })

  it('never double-applies: racing sweeps set an agent offline once', async () => {
    const agent = (await owner.post('/api/v1/agents', { name: 'Swept twice' })).body as Agent
    await owner.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' })
    const later = new Date(Date.now() + 60_000)
    await Promise.all([
      server.services.agentStatus.markOverdueOffline(later),
      server.services.agentStatus.markOverdueOffline(later),
    ])
    await waitForAgent(owner, agent.id, (row) => row.status === 'offline')
    expect((await historyOf(server, agent.id)).map((row) => row.status)).toEqual([
      'active',
      'offline',
    ])
    expect(statusEventsOf(agent.id).map((event) => event.payload.status)).toEqual([
      'active',
      'offline',
    ])
  })

  it('finds overdue agents after a restart, from the database, without a new ping', async () => {
    // Pinged while detection is effectively off (a day)…
    server = await server.restart({ AGENT_OFFLINE_AFTER: '1d' })
    let client = await ownerClient(server)
    const agent = (await client.post('/api/v1/agents', { name: 'Outlives a restart' }))
      .body as Agent
    await client.post('/api/v1/status/ping', { agentId: agent.id, status: 'active' })
    // …then a server started with the short setting finds it overdue on its own.
    server = await server.restart({ AGENT_OFFLINE_AFTER: '1s' })
    client = await ownerClient(server)
    await waitForAgent(client, agent.id, (row) => row.status === 'offline')
  })
})

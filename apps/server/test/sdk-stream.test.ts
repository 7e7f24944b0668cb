import { Placet, PlacetRealtime } from '@placet/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { eventually, ownerClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let person: TestClient
let placet: Placet
let channelId: string

beforeAll(async () => {
  // Webhooks to loopback: the receiver of the setWebhook call below is never reached. A short
  // offline limit: beats that change nothing move lastActiveAt at most every tenth of it.
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true', AGENT_OFFLINE_AFTER: '2s' })
  person = await ownerClient(server)
  placet = new Placet({ baseUrl: server.url, apiKey: person.apiKey! })
  channelId = (await placet.createAgent({ name: 'sdk stream' })).id
})
afterAll(async () => {
  placet.close()
  await server.destroy()
})

describe('Placet.stream', () => {
  it('streams deltas over the socket, stores the text, adds steps, completes', async () => {
    const watcher = new PlacetRealtime({ baseUrl: server.url, apiKey: person.apiKey! })
    const deltas: string[] = []
    watcher.socket.on('message:delta', (payload) => deltas.push(payload.delta))
    await watcher.subscribe(channelId)
    await eventually(() => placet.realtime!.socket.connected, Boolean, 'the socket')

    const reply = await placet.stream(channelId, { text: 'Hel' })
    expect(reply.draft.streamState).toBe('streaming')
    reply.append('lo')
    reply.append(', world')
    const step = await reply.status('Reading files', { toolHint: true })
    expect(step).toMatchObject({ streamId: reply.streamId, text: 'Reading files', toolHint: true })
    await eventually(
      async () => (await placet.getMessage(reply.draft.id, channelId)).text,
      (text) => text === 'Hello, world',
      'the throttled PATCH',
    )
    await eventually(
      () => deltas.join(''),
      (text) => text === 'lo, world',
      'the deltas',
    )

    reply.append('!')
    const done = await reply.complete()
    expect(done).toMatchObject({ text: 'Hello, world!', streamState: 'complete' })
    expect(() => reply.append('late')).toThrow('The stream has ended')
    const stored = await placet.getMessages({ channelId })
    expect(stored.data[0]).toMatchObject({
      id: reply.draft.id,
      text: 'Hello, world!',
      statusEvents: [{ text: 'Reading files' }],
    })
    watcher.close()
  })

  it('aborts a reply, keeping its text', async () => {
    const reply = await placet.stream(channelId)
    reply.append('partial')
    expect(await reply.abort()).toMatchObject({ text: 'partial', streamState: 'aborted' })
  })
})

describe('Placet.keepAlive', () => {
  it('pings at once and on every beat, and reports a new status', async () => {
    const heartbeat = placet.keepAlive({ agentId: channelId, status: 'busy', every: 50 })
    await eventually(
      async () => (await placet.listAgents()).find((agent) => agent.id === channelId),
      (agent) => agent?.status === 'busy',
      'the first ping',
    )
    const first = (await placet.listAgents()).find((agent) => agent.id === channelId)!
    await eventually(
      async () => (await placet.listAgents()).find((agent) => agent.id === channelId)!,
      (agent) => agent.lastActiveAt! > first.lastActiveAt!,
      'a later beat',
    )
    await heartbeat.set('active', 'Idle')
    const agent = (await placet.listAgents()).find((candidate) => candidate.id === channelId)
    expect(agent).toMatchObject({ status: 'active', statusMessage: 'Idle' })
    heartbeat.stop()
  })
})

describe('the rest of the agent API, typed', () => {
  it('agents: create, update, webhook, secret rotation, tag, sub-agent, commands, delete', async () => {
    const parent = await placet.createAgent({ name: 'parent' })
    const child = await placet.createAgent({ name: 'child', tag: 'ops' })
    expect(child.tag).toBe('ops')
    expect((await placet.updateAgent(child.id, { description: 'does things' })).description).toBe(
      'does things',
    )
    const hooked = await placet.setWebhook({ channelId: child.id, url: 'http://127.0.0.1:9/hook' })
    expect('webhookSecret' in hooked && hooked.webhookSecret).toMatch(/^whsec_/)
    const rotated = await placet.rotateWebhookSecret(child.id)
    expect(rotated.webhookSecret).not.toBe('webhookSecret' in hooked && hooked.webhookSecret)
    expect((await placet.deleteWebhook(child.id)).webhookUrl).toBeNull()
    expect((await placet.setTag({ channelId: child.id, tag: 'prod' })).tag).toBe('prod')
    expect(
      await placet.setSubagent({
        channelId: child.id,
        isSubagent: true,
        parentChannelId: parent.id,
      }),
    ).toMatchObject({ isSubagent: true, parentAgentId: parent.id })
    expect(
      (await placet.setCommands(child.id, [{ command: '/deploy', description: 'Deploy' }]))
        .commands,
    ).toEqual([{ command: '/deploy', description: 'Deploy' }])
    expect((await placet.listWebhookDeliveries(child.id)).data).toEqual([])
    expect(await placet.deleteAgent(child.id)).toEqual({ deleted: true })
    expect((await placet.listAgents()).some((agent) => agent.id === child.id)).toBe(false)
  })

  it('messages: send, list, get, iterations, ack, pending, delete', async () => {
    const first = await placet.sendMessage({ channelId, text: 'v1', review: { type: 'approval' } })
    expect((await placet.getPendingReviews(channelId)).map((message) => message.id)).toContain(
      first.id,
    )
    expect((await placet.cancelReview(first.id, channelId)).review?.status).toBe('cancelled')
    const second = await placet.sendMessage({ channelId, text: 'v2', iterationOf: first.id })
    expect((await placet.getIterationChain(second.id, channelId)).iterations).toHaveLength(2)
    expect((await placet.getMessages({ channelId, search: 'v2' })).data[0]?.id).toBe(second.id)
    expect(await placet.acknowledge(second.id, channelId)).toEqual({ acknowledged: true })
    expect((await placet.getMessage(second.id, channelId)).deliveryStatus).toBe('agent_received')
    const lone = await placet.sendMessage({ channelId, text: 'retract me' })
    expect(await placet.deleteMessage(lone.id, channelId)).toEqual({ deleted: true })
    const events = await placet.getEvents({ after: 0, channelId })
    expect(events.data.some((event) => event.type === 'message:deleted')).toBe(true)
  })
})

import { AgentWithWebhookSecret, type Agent } from '@placet/protocol'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
})
afterAll(() => server.destroy())

/** Public address literals: they pass the SSRF guard without DNS (the machines are offline). */
const HOOK = 'https://93.184.216.34/hook'
const OTHER_HOOK = 'https://93.184.216.35/other'

const storedAgent = (id: string) =>
  server.services.db.read((tx) => tx.agent.findUniqueOrThrow({ where: { id } }))

async function createAgent(client: TestClient = owner): Promise<Agent> {
  return (await client.post('/api/v1/agents', { name: 'Hooked' })).body
}

/** The secret must work with the public `standardwebhooks` package, as receivers will use it. */
function expectUsableSecret(secret: string) {
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
  expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32)
  const webhook = new Webhook(secret)
  const timestamp = new Date()
  const signature = webhook.sign('msg_1', timestamp, '{"ok":true}')
  const headers = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signature,
  }
  expect(webhook.verify('{"ok":true}', headers)).toEqual({ ok: true })
}

describe('setWebhook (spec 2.3, issue 5)', () => {
  it('registers the webhook with 200 and shows a new signing secret once', async () => {
    const agent = await createAgent()
    const reply = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      headers: { 'x-team': 'blue' },
      auth: { username: 'bot', password: 'pw' },
      events: ['agent:status'],
    })
    expect(reply.status).toBe(200)
    const answered = AgentWithWebhookSecret.parse(reply.body)
    expect(answered).toMatchObject({
      webhookUrl: HOOK,
      webhookHeaders: { 'x-team': 'blue' },
      webhookAuth: { username: 'bot', password: '***' },
      webhookEvents: ['agent:status'],
    })
    expectUsableSecret(answered.webhookSecret)
    expect((await storedAgent(agent.id)).webhookSecret).toBe(answered.webhookSecret)

    // Never in a read: the agent list of either API.
    expect(JSON.stringify((await owner.get('/api/v1/agents')).body)).not.toContain(
      answered.webhookSecret,
    )
    expect(JSON.stringify((await owner.get('/api/agents')).body)).not.toContain(
      answered.webhookSecret,
    )
  })

  it('keeps the existing secret on a second setWebhook and clears what is left out', async () => {
    const agent = await createAgent()
    const first = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      headers: { a: '1' },
      events: ['agent:status'],
    })
    const second = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: OTHER_HOOK,
    })
    expect(second.status).toBe(200)
    expect(second.body).not.toHaveProperty('webhookSecret')
    expect(second.body).toMatchObject({
      webhookUrl: OTHER_HOOK,
      webhookHeaders: null,
      webhookAuth: null,
      webhookEvents: null,
    })
    expect((await storedAgent(agent.id)).webhookSecret).toBe(first.body.webhookSecret)
  })

  it('re-enables an endpoint that a 410 disabled', async () => {
    const agent = await createAgent()
    await owner.post('/api/v1/agents/setWebhook', { channelId: agent.id, url: HOOK })
    await server.services.db.transaction((tx) =>
      tx.agent.update({ where: { id: agent.id }, data: { webhookDisabledAt: new Date() } }),
    )
    await owner.post('/api/v1/agents/setWebhook', { channelId: agent.id, url: HOOK })
    expect((await storedAgent(agent.id)).webhookDisabledAt).toBeNull()
  })

  it('applies management and subagent settings given with the webhook', async () => {
    const parent = await createAgent()
    const agent = await createAgent()
    const reply = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      management: { url: 'https://m.example.com', apiKey: 'k' },
      isSubagent: true,
      parentChannelId: parent.id,
    })
    expect(reply.body).toMatchObject({
      managementUrl: 'https://m.example.com',
      managementApiKey: '***',
      isSubagent: true,
      parentAgentId: parent.id,
    })
    const notASubagent = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      isSubagent: false,
      parentChannelId: parent.id,
    })
    expect(notASubagent.status).toBe(400)
    expect(notASubagent.body.errors[0].path).toEqual(['parentChannelId'])
  })

  it('refuses SSRF targets and other bad URLs with 400, storing nothing', async () => {
    const agent = await createAgent()
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/x',
      'http://localhost/x',
      'http://[::1]/x',
    ]) {
      const reply = await owner.post('/api/v1/agents/setWebhook', { channelId: agent.id, url })
      expect(reply.status, url).toBe(400)
      expect(reply.body.errors[0]).toMatchObject({ code: 'ssrf', path: ['url'] })
    }
    const notHttp = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: 'ftp://93.184.216.34/x',
    })
    expect(notHttp.status).toBe(400)
    expect(notHttp.body.errors[0].path).toEqual(['url'])
    const unknownEvent = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      events: ['message:created'],
    })
    expect(unknownEvent.status).toBe(400)
    expect(unknownEvent.body.errors[0].path).toEqual(['events', 0])
    expect(await storedAgent(agent.id)).toMatchObject({ webhookUrl: null, webhookSecret: null })
  })

  it('guards webhookUrl on create and PATCH in both APIs', async () => {
    const agent = await createAgent()
    const v1Create = await owner.post('/api/v1/agents', {
      name: 'x',
      webhookUrl: 'http://192.168.1.10/hook',
    })
    const v1Patch = await owner.patch(`/api/v1/agents/${agent.id}`, {
      webhookUrl: 'http://127.0.0.1/hook',
    })
    const dashCreate = await owner.post('/api/agents', {
      name: 'x',
      webhookUrl: 'http://10.1.2.3/hook',
    })
    const dashPatch = await owner.patch(`/api/agents/${agent.id}`, {
      webhookUrl: 'http://169.254.169.254/',
    })
    for (const reply of [v1Create, v1Patch, dashCreate, dashPatch]) {
      expect(reply.status).toBe(400)
      expect(reply.body.errors[0]).toMatchObject({ code: 'ssrf', path: ['webhookUrl'] })
    }
  })

  it('creates the secret with the first webhookUrl given to create or PATCH', async () => {
    const created = await owner.post('/api/v1/agents', { name: 'with hook', webhookUrl: HOOK })
    expect(created.status).toBe(201)
    expectUsableSecret(AgentWithWebhookSecret.parse(created.body).webhookSecret)

    const agent = await createAgent()
    const patched = await owner.patch(`/api/agents/${agent.id}`, { webhookUrl: HOOK })
    expectUsableSecret(AgentWithWebhookSecret.parse(patched.body).webhookSecret)
    const again = await owner.patch(`/api/agents/${agent.id}`, { webhookUrl: OTHER_HOOK })
    expect(again.body).not.toHaveProperty('webhookSecret')
    expect((await storedAgent(agent.id)).webhookSecret).toBe(patched.body.webhookSecret)
  })
})

describe('deleteWebhook (spec 2.3)', () => {
  it('clears url, headers, auth and events with 200 and keeps the secret', async () => {
    const agent = await createAgent()
    const set = await owner.post('/api/v1/agents/setWebhook', {
      channelId: agent.id,
      url: HOOK,
      headers: { a: '1' },
      auth: { username: 'u', password: 'p' },
    })
    const reply = await owner.post('/api/v1/agents/deleteWebhook', { channelId: agent.id })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      webhookUrl: null,
      webhookHeaders: null,
      webhookAuth: null,
      webhookEvents: null,
    })
    expect((await storedAgent(agent.id)).webhookSecret).toBe(set.body.webhookSecret)
  })
})

describe('rotateWebhookSecret (issue 5)', () => {
  it('returns a new secret and keeps the old one as the previous', async () => {
    const agent = await createAgent()
    const set = await owner.post('/api/v1/agents/setWebhook', { channelId: agent.id, url: HOOK })
    const rotated = await owner.post('/api/v1/agents/rotateWebhookSecret', { channelId: agent.id })
    expect(rotated.status).toBe(200)
    const answered = AgentWithWebhookSecret.parse(rotated.body)
    expectUsableSecret(answered.webhookSecret)
    expect(answered.webhookSecret).not.toBe(set.body.webhookSecret)
    const stored = await storedAgent(agent.id)
    expect(stored).toMatchObject({
      webhookSecret: answered.webhookSecret,
      webhookPreviousSecret: set.body.webhookSecret,
    })
    expect(stored.webhookSecretRotatedAt).toBeInstanceOf(Date)
  })

  it('creates a first secret for an agent that has none', async () => {
    const agent = await createAgent()
    const rotated = await owner.post('/api/v1/agents/rotateWebhookSecret', { channelId: agent.id })
    expectUsableSecret(rotated.body.webhookSecret)
    expect(await storedAgent(agent.id)).toMatchObject({
      webhookPreviousSecret: null,
      webhookSecretRotatedAt: null,
    })
  })

  it('is also on the dashboard: POST /api/agents/:id/rotate-webhook-secret', async () => {
    const agent = await createAgent()
    const rotated = await owner.post(`/api/agents/${agent.id}/rotate-webhook-secret`)
    expect(rotated.status).toBe(200)
    expectUsableSecret(AgentWithWebhookSecret.parse(rotated.body).webhookSecret)
    expect((await owner.post('/api/agents/missing/rotate-webhook-secret')).status).toBe(404)
  })
})

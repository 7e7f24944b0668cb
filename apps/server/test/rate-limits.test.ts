import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
import { createServerSite, type ServerProcess, type ServerSite } from './server-process.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const LOGIN_LIMIT = 3
const AGENT_LIMIT = 5

describe('rate limits on one server', () => {
  let server: TestServer
  let owner: TestClient
  beforeAll(async () => {
    server = await startTestServer({
      LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
      AGENT_RATE_LIMIT: String(AGENT_LIMIT),
    })
    // Signed in before the lockout test locks the owner's email.
    owner = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  })
  afterAll(() => server.destroy())

  it('locks an email out after its failed logins and lets the right password reset the count', async () => {
    const client = new TestClient(server.url)
    const wrong = { email: OWNER_EMAIL, password: 'wrong' }
    for (let attempt = 1; attempt < LOGIN_LIMIT; attempt++)
      expect((await client.post('/api/auth/login', wrong)).status).toBe(401)
    // One failure short of the limit, a success wipes the count...
    await client.login(OWNER_EMAIL, OWNER_PASSWORD)
    for (let attempt = 1; attempt <= LOGIN_LIMIT; attempt++)
      expect((await client.post('/api/auth/login', wrong)).status).toBe(401)
    // ...and a full run of failures locks the email out, even for the right password.
    const locked = await client.post('/api/auth/login', {
      email: OWNER_EMAIL,
      password: OWNER_PASSWORD,
    })
    expect(locked.status).toBe(429)
    expect(locked.body).toMatchObject({ statusCode: 429, message: expect.any(String) })
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('answers 429 with Retry-After once an API key used its calls of the minute', async () => {
    await owner.useNewApiKey('limited')
    for (let call = 0; call < AGENT_LIMIT; call++)
      expect((await owner.get('/api/v1/agents')).status).toBe(200)
    const limited = await owner.get('/api/v1/agents')
    expect(limited.status).toBe(429)
    expect(limited.body).toMatchObject({ statusCode: 429, message: expect.any(String) })
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // The count is per key: another key of the same user still gets through.
    await owner.useNewApiKey('fresh')
    expect((await owner.get('/api/v1/agents')).status).toBe(200)
  })
})

describe('two server processes sharing Redis share the counts', () => {
  let site: ServerSite
  let nodes: ServerProcess[]
  beforeAll(async () => {
    site = await createServerSite({
      REDIS_URL,
      REDIS_PREFIX: `placet-test-${randomBytes(4).toString('hex')}`,
      LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
      AGENT_RATE_LIMIT: String(AGENT_LIMIT),
    })
    nodes = [await site.start(), await site.start()]
  })
  afterAll(async () => {
    for (const node of nodes ?? []) await node.child.stop()
    await site?.destroy()
  })

  it('counts one API key across both nodes', async () => {
    const [first, second] = nodes.map((node) => new TestClient(node.url))
    await first!.login(OWNER_EMAIL, OWNER_PASSWORD)
    second!.apiKey = await first!.useNewApiKey('shared')
    for (let call = 0; call < AGENT_LIMIT; call++) {
      const client = call % 2 === 0 ? first! : second!
      expect((await client.get('/api/v1/agents')).status).toBe(200)
    }
    // Each node alone saw fewer calls than the limit; together they used it up.
    for (const client of [first!, second!]) {
      const limited = await client.get('/api/v1/agents')
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    }
  })

  it('counts failed logins across both nodes', async () => {
    const email = 'spread@placet.test'
    const clients = nodes.map((node) => new TestClient(node.url))
    for (let attempt = 0; attempt < LOGIN_LIMIT; attempt++) {
      const reply = await clients[attempt % 2]!.post('/api/auth/login', { email, password: 'x' })
      expect(reply.status).toBe(401)
    }
    for (const client of clients)
      expect((await client.post('/api/auth/login', { email, password: 'x' })).status).toBe(429)
  })

  it('logs no error on either node', () => {
    for (const node of nodes) expect(node.errors()).toEqual([])
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  startTestServer,
  type TestServer,
} from './harness.ts'

const APP_URL = 'https://placet.example.com'
const LISTED_ORIGIN = 'https://tools.example.org'
const FOREIGN_ORIGIN = 'https://evil.example.net'

let server: TestServer
let person: TestClient

beforeAll(async () => {
  server = await startTestServer({ APP_URL, CORS_ORIGIN: LISTED_ORIGIN })
  person = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
})
afterAll(() => server.destroy())

async function keyLabels(): Promise<string[]> {
  const reply = await person.get('/api/api-keys')
  return reply.body.map((key: { label: string }) => key.label)
}

describe('cookie-authenticated state changes check the Origin (CSRF)', () => {
  it('refuses a foreign Origin with 403 JSON and changes nothing', async () => {
    const before = await keyLabels()
    const reply = await person.post(
      '/api/api-keys',
      { label: 'forged' },
      { headers: { origin: FOREIGN_ORIGIN } },
    )
    expect(reply.status).toBe(403)
    expect(reply.body).toMatchObject({ statusCode: 403, message: expect.any(String) })
    expect(await keyLabels()).toEqual(before)
  })

  it('refuses a foreign Referer when there is no Origin, and the "null" origin', async () => {
    const refused: Record<string, string>[] = [
      { referer: `${FOREIGN_ORIGIN}/page` },
      { origin: 'null' },
    ]
    for (const headers of refused) {
      const reply = await person.request('PATCH', '/api/preferences', {}, { headers })
      expect(reply.status).toBe(403)
    }
    const passwordChange = await person.post(
      '/api/auth/change-password',
      {},
      {
        headers: { origin: FOREIGN_ORIGIN },
      },
    )
    expect(passwordChange.status).toBe(403)
  })

  it('allows its own origin, APP_URL, CORS_ORIGIN entries and clients that send neither', async () => {
    const origins = [new URL(server.url).origin, APP_URL, LISTED_ORIGIN]
    for (const origin of origins) {
      const reply = await person.post('/api/api-keys', { label: origin }, { headers: { origin } })
      expect(reply.status).toBe(201)
    }
    const sameSiteReferer = await person.post(
      '/api/api-keys',
      { label: 'referer' },
      { headers: { referer: `${server.url}/agents` } },
    )
    expect(sameSiteReferer.status).toBe(201)
    expect((await person.post('/api/api-keys', { label: 'cli' })).status).toBe(201)
    expect(await keyLabels()).toEqual(expect.arrayContaining([...origins, 'referer', 'cli']))
  })

  it('does not check reads, Bearer sessions or API keys', async () => {
    const foreign = { headers: { origin: FOREIGN_ORIGIN } }
    expect((await person.get('/api/api-keys', foreign)).status).toBe(200)
    const token = person.cookie!.split('=')[1]!
    const bearer = await new TestClient(server.url).post(
      '/api/api-keys',
      { label: 'bearer' },
      { headers: { ...foreign.headers, authorization: `Bearer ${token}` } },
    )
    expect(bearer.status).toBe(201)
    const agent = new TestClient(server.url)
    agent.apiKey = bearer.body.key
    expect((await agent.post('/api/v1/agents', { name: 'from afar' }, foreign)).status).toBe(201)
  })
})

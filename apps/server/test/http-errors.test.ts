import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestClient, ownerClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
})
afterAll(() => server.destroy())

describe('error responses', () => {
  it('answers /health with the database status', async () => {
    const reply = await new TestClient(server.url).get('/health')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'ok', db: 'up' })
  })

  it('turns malformed JSON into a 400 error body', async () => {
    const reply = await owner.request('POST', '/api/api-keys', undefined, { raw: '{"label": ' })
    expect(reply.status).toBe(400)
    expect(reply.body).toMatchObject({
      statusCode: 400,
      message: 'Malformed JSON in request body',
      path: '/api/api-keys',
    })
  })

  it('refuses a body that is not JSON with 415', async () => {
    const reply = await owner.request('POST', '/api/api-keys', undefined, {
      raw: 'label=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(reply.status).toBe(415)
    expect(reply.body.statusCode).toBe(415)
  })

  it('refuses an oversized body with 413', async () => {
    const reply = await owner.request('POST', '/api/api-keys', undefined, {
      raw: JSON.stringify({ label: 'x'.repeat(11 * 1024 * 1024) }),
    })
    expect(reply.status).toBe(413)
    expect(reply.body).toMatchObject({ statusCode: 413, message: 'Request body too large' })
  })

  it('reports zod failures with their paths', async () => {
    const reply = await owner.post('/api/api-keys', { label: '' })
    expect(reply.status).toBe(400)
    expect(reply.body.message).toBe('Validation failed')
    expect(reply.body.errors[0].path).toEqual(['label'])
  })

  it('answers unknown routes with a JSON 404', async () => {
    for (const path of ['/api/no-such-thing', '/api/v1/no-such-thing', '/no-such-page']) {
      const reply = await owner.get(path)
      expect(reply.status, path).toBe(404)
      expect(reply.body.statusCode, path).toBe(404)
      expect(reply.body.message, path).toBe(`Cannot GET ${path}`)
    }
  })

  it('tags every response with a request id', async () => {
    const reply = await owner.get('/health')
    expect(reply.headers.get('x-request-id')).toMatch(/.+/)
  })
})

describe('CORS', () => {
  it('lets any origin call with an API key but sends no credentials permission by default', async () => {
    const reply = await fetch(`${server.url}/api/v1/agents`, {
      headers: { origin: 'https://elsewhere.example', 'x-api-key': owner.apiKey! },
    })
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example')
    expect(reply.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('allows credentials for the origins listed in CORS_ORIGIN only', async () => {
    const listed = await startTestServer({ CORS_ORIGIN: 'http://localhost:3001' })
    try {
      const allowed = await fetch(`${listed.url}/health`, {
        headers: { origin: 'http://localhost:3001' },
      })
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3001')
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
      const other = await fetch(`${listed.url}/health`, {
        headers: { origin: 'https://elsewhere.example' },
      })
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await listed.destroy()
    }
  })
})

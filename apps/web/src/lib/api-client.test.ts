import { MessageResponse, SessionResponse } from '@placet/protocol'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, apiRequest } from './api-client'

// A real HTTP server on a free loopback port, called with the global fetch. Each test gives
// it a handler deciding the answer from what has arrived so far, then reads back the requests.

type Received = { method: string; path: string; contentType?: string; body: string }
type Answer = { status: number; json?: unknown; html?: string }
type Handler = (request: Received, received: readonly Received[]) => Answer | Promise<Answer>

const USER = {
  id: 'user_1',
  email: 'ada@example.com',
  displayName: 'Ada',
  role: 'owner',
  mustChangePassword: false,
} as const

const SESSION: Answer = { status: 200, json: { user: USER } }
const UNAUTHORIZED: Answer = { status: 401, json: { statusCode: 401, message: 'Unauthorized' } }

let server: Server | undefined

async function startServer(handle: Handler) {
  const received: Received[] = []
  server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', async () => {
      const entry: Received = {
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body,
      }
      received.push(entry)
      const answer = await handle(entry, received)
      if (answer.html !== undefined) {
        response.writeHead(answer.status, { 'Content-Type': 'text/html' }).end(answer.html)
      } else {
        response
          .writeHead(answer.status, { 'Content-Type': 'application/json' })
          .end(answer.json === undefined ? '' : JSON.stringify(answer.json))
      }
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { baseUrl: `http://127.0.0.1:${port}`, received }
}

function callsOf(received: readonly Received[]): string[] {
  return received.map(({ method, path }) => `${method} ${path}`)
}

function countOf(received: readonly Received[], path: string): number {
  return received.filter((request) => request.path === path).length
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

describe('apiRequest', () => {
  it('sends a JSON body and parses the answer with the schema', async () => {
    const { baseUrl, received } = await startServer(() => SESSION)

    const session = await apiRequest('/api/auth/login', {
      baseUrl,
      method: 'POST',
      body: { email: 'ada@example.com', password: 'secret' },
      schema: SessionResponse,
    })

    expect(session.user.displayName).toBe('Ada')
    expect(received).toEqual([
      {
        method: 'POST',
        path: '/api/auth/login',
        contentType: 'application/json',
        body: '{"email":"ada@example.com","password":"secret"}',
      },
    ])
  })

  it('refreshes the session once after a 401 and replays the request', async () => {
    const { baseUrl, received } = await startServer(({ path }, all) => {
      if (path === '/api/auth/refresh') return SESSION
      return countOf(all, '/api/auth/refresh') > 0 ? SESSION : UNAUTHORIZED
    })

    const session = await apiRequest('/api/auth/me', { baseUrl, schema: SessionResponse })

    expect(session.user.id).toBe('user_1')
    expect(callsOf(received)).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/refresh',
      'GET /api/auth/me',
    ])
  })

  it('gives up with the 401 when the replay is refused too, without a second refresh', async () => {
    const { baseUrl, received } = await startServer(({ path }) =>
      path === '/api/auth/refresh' ? SESSION : UNAUTHORIZED,
    )

    const failure = apiRequest('/api/auth/me', { baseUrl, schema: SessionResponse })

    await expect(failure).rejects.toBeInstanceOf(ApiError)
    await expect(failure).rejects.toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'Unauthorized' },
    })
    expect(callsOf(received)).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/refresh',
      'GET /api/auth/me',
    ])
  })

  it('does not replay the request when the refresh itself is refused', async () => {
    const { baseUrl, received } = await startServer(() => UNAUTHORIZED)

    await expect(
      apiRequest('/api/auth/logout', { baseUrl, method: 'POST', schema: MessageResponse }),
    ).rejects.toMatchObject({ status: 401 })
    expect(callsOf(received)).toEqual(['POST /api/auth/logout', 'POST /api/auth/refresh'])
  })

  it('shares one refresh between requests refused at the same time', async () => {
    // Both first requests are held until both have arrived, so both get their 401 before
    // any refresh starts.
    let releaseFirstRequests = () => {}
    const bothArrived = new Promise<void>((resolve) => (releaseFirstRequests = resolve))
    const { baseUrl, received } = await startServer(async ({ path }, all) => {
      if (path === '/api/auth/refresh') return SESSION
      if (countOf(all, '/api/auth/refresh') > 0) return SESSION
      if (countOf(all, '/api/auth/me') === 2) releaseFirstRequests()
      await bothArrived
      return UNAUTHORIZED
    })

    const sessions = await Promise.all([
      apiRequest('/api/auth/me', { baseUrl, schema: SessionResponse }),
      apiRequest('/api/auth/me', { baseUrl, schema: SessionResponse }),
    ])

    expect(sessions.map(({ user }) => user.email)).toEqual([USER.email, USER.email])
    expect(countOf(received, '/api/auth/refresh')).toBe(1)
    expect(countOf(received, '/api/auth/me')).toBe(4)
  })

  it.each(['/api/auth/login', '/api/auth/change-password'])(
    'reports a 401 of %s as wrong credentials, without a refresh',
    async (path) => {
      const { baseUrl, received } = await startServer(() => ({
        status: 401,
        json: { statusCode: 401, message: 'Invalid credentials' },
      }))

      const failure = apiRequest(path, {
        baseUrl,
        method: 'POST',
        body: { email: 'ada@example.com', password: 'wrong' },
        schema: SessionResponse,
      })

      await expect(failure).rejects.toMatchObject({ status: 401, message: 'Invalid credentials' })
      expect(callsOf(received)).toEqual([`POST ${path}`])
    },
  )

  it('turns an error page that is not a protocol body into an ApiError', async () => {
    const { baseUrl } = await startServer(() => ({ status: 502, html: '<h1>Bad Gateway</h1>' }))

    await expect(
      apiRequest('/api/auth/me', { baseUrl, schema: SessionResponse }),
    ).rejects.toMatchObject({ status: 502, body: { statusCode: 502, message: 'Bad Gateway' } })
  })
})

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendWebhookRequest } from './webhook-sender.ts'

/** A loopback receiver whose answer depends on the path. */
let server: Server
let base: string
const received: { path: string; headers: Record<string, unknown>; body: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body })
      if (req.url === '/ok') return res.writeHead(204).end()
      if (req.url === '/broken')
        return res.writeHead(503, 'Service Unavailable').end('{"token":"leak"}')
      if (req.url === '/moved') return res.writeHead(302, { location: '/ok' }).end()
      if (req.url === '/big') return res.writeHead(200).end('x'.repeat(100_000))
      // '/hang': never answers
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const request = (path: string) => ({
  url: `${base}${path}`,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
  body: '{"a":1}',
})

describe('sendWebhookRequest', () => {
  it('sends the body and headers as given and reports a 2xx as success', async () => {
    const outcome = await sendWebhookRequest(request('/ok'), 5_000)
    expect(outcome).toMatchObject({ statusCode: 204, error: null })
    expect(received.at(-1)).toMatchObject({
      path: '/ok',
      body: '{"a":1}',
      headers: { 'webhook-id': 'msg_1' },
    })
  })

  it('reports other statuses with the answer it got', async () => {
    expect(await sendWebhookRequest(request('/broken'), 5_000)).toMatchObject({
      statusCode: 503,
      error: 'HTTP 503 Service Unavailable',
      responseBody: '{"token":"leak"}',
    })
  })

  it('does not follow redirects, which the SSRF guard never checked', async () => {
    const before = received.length
    expect(await sendWebhookRequest(request('/moved'), 5_000)).toMatchObject({
      statusCode: 302,
      error: 'HTTP 302 Found',
    })
    expect(received.slice(before).map((entry) => entry.path)).toEqual(['/moved'])
  })

  it('keeps only the start of a large answer', async () => {
    const outcome = await sendWebhookRequest(request('/big'), 5_000)
    expect(outcome.statusCode).toBe(200)
    expect(outcome.responseBody).toHaveLength(4096)
  })

  it('gives up on a receiver that never answers, with status 0', async () => {
    expect(await sendWebhookRequest(request('/hang'), 150)).toMatchObject({
      statusCode: 0,
      error: 'Timed out after 150 ms',
      responseBody: null,
    })
  })

  it('reports a refused connection with status 0 and the socket error', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const outcome = await sendWebhookRequest(
      { ...request('/'), url: `http://127.0.0.1:${port}/` },
      5_000,
    )
    expect(outcome.statusCode).toBe(0)
    expect(outcome.error).toMatch(/ECONNREFUSED/)
  })
})

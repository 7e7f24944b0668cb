import { request, type IncomingMessage } from 'node:http'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from '../src/store/database.ts'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, eventually } from './harness.ts'
import { createServerSite, type ServerProcess, type ServerSite } from './server-process.ts'

/**
 * SIGTERM on a real server process (issue 14): it stops accepting, answers what is in flight,
 * writes its buffered API log, drops sockets so their clients reconnect, and exits 0 (the
 * process exits 1 when its 10 s limit runs out).
 */
let site: ServerSite
let node: ServerProcess

beforeAll(async () => {
  site = await createServerSite()
  node = await site.start()
})
afterAll(async () => {
  await node?.child.stop()
  await site?.destroy()
})

/** A POST whose headers the server has read (it answered 100 Continue) and whose body waits. */
async function startSlowPost(url: string, path: string, apiKey: string, body: string) {
  const { hostname, port } = new URL(url)
  const req = request({
    host: hostname,
    port,
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-api-key': apiKey,
      expect: '100-continue',
    },
  })
  const response = new Promise<{ status: number; body: any; connection?: string }>(
    (resolve, reject) => {
      req.on('response', (res: IncomingMessage) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: JSON.parse(text),
            connection: res.headers.connection,
          }),
        )
      })
      req.on('error', reject)
    },
  )
  await new Promise<void>((resolve) => req.once('continue', resolve))
  return { finish: () => req.end(body), response }
}

/** True once a new connection is refused (`agent: false`: never a pooled keep-alive one). */
function isRefusingConnections(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(`${url}/health`, { agent: false }, (res) => {
      res.resume()
      resolve(false)
    })
    probe.on('error', () => resolve(true))
    probe.end()
  })
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the request in flight, flushes the API log, lets sockets reconnect, exits 0', async () => {
    const owner = await new TestClient(node.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const apiKey = await owner.useNewApiKey()
    const userId = (await owner.get('/api/auth/me')).body.user.id as string
    const channelId = (await owner.post('/api/v1/agents', { name: 'shutdown' })).body.id as string

    const socket = io(`${node.url}/ws`, { auth: { apiKey }, transports: ['websocket'] })
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve))

    const text = `finished after SIGTERM ${Date.now()}`
    const post = await startSlowPost(
      node.url,
      '/api/v1/messages',
      apiKey,
      JSON.stringify({ channelId, text }),
    )

    node.child.process.kill('SIGTERM')
    await eventually(() => isRefusingConnections(node.url), Boolean, 'new connections refused')
    // Closed by the server without a disconnect packet: the client is still trying to reconnect.
    expect(await disconnected).toBe('transport close')
    expect(socket.active).toBe(true)
    socket.close()

    post.finish()
    const answered = await post.response
    expect(answered.status).toBe(201)
    expect(answered.body.text).toBe(text)
    expect(answered.connection).toBe('close')

    expect(await node.child.exited).toBe(0)
    expect(node.log.some((line) => line.msg === 'shut down')).toBe(true)
    expect(node.errors()).toEqual([])

    // The message and its API-log line, written after the answer, are both in the database.
    const db = await Database.open(site.databaseUrl)
    try {
      const logged = await db.read((tx) =>
        tx.apiLog.findMany({ where: { userId, method: 'POST', path: '/api/v1/messages' } }),
      )
      expect(logged.map((line) => line.statusCode)).toEqual([201])
      const stored = await db.read((tx) =>
        tx.message.findUnique({ where: { id: answered.body.id } }),
      )
      expect(stored?.text).toBe(text)
    } finally {
      await db.close()
    }
  })
})

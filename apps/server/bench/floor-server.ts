/**
 * The floor of the benchmark: a bare node:http + Socket.IO server that does the least any
 * server must do for the same requests — parse the JSON body, emit to a room, answer — with no
 * framework, no database and no auth. It serves the product's paths, so the bench drives it
 * with the same client code; every product figure is read as a ratio to this one, measured in
 * the same run on the same machine.
 *
 * Run by the bench as its own process: `node --import tsx bench/floor-server.ts <port>`.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { Server } from 'socket.io'

const port = Number(process.argv[2] ?? 0)

type Review = {
  id: string
  channelId: string
  waiters: ((body: string) => void)[]
  /** The wait's answer once given: a wait that arrives after the answer returns it at once. */
  answer?: string
}
const reviews = new Map<string, Review>()
let nextId = 0

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {})
      } catch (error) {
        reject(error)
      }
    })
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

const httpServer = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://floor')
    const path = url.pathname
    if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' })
    if (req.method === 'POST' && path === '/api/v1/messages') {
      const body = await readJson(req)
      const channelId = String(body.channelId)
      const message = { ...body, id: `m${++nextId}`, createdAt: new Date().toISOString() }
      if (body.review) reviews.set(message.id, { id: message.id, channelId, waiters: [] })
      namespace.to([`channel:${channelId}`, 'user']).emit('message:created', message)
      return send(res, 201, message)
    }
    const wait = /^\/api\/v1\/reviews\/([^/]+)\/wait$/.exec(path)
    if (req.method === 'GET' && wait) {
      const review = reviews.get(wait[1]!)
      if (!review) return send(res, 404, { statusCode: 404, message: 'Not found' })
      const reply = (body: string) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(body)
      }
      if (review.answer) return reply(review.answer)
      review.waiters.push(reply)
      return
    }
    const respond = /^\/api\/messages\/([^/]+)\/respond$/.exec(path)
    if (req.method === 'POST' && respond) {
      const body = await readJson(req)
      const review = reviews.get(respond[1]!)
      if (!review || review.answer)
        return send(res, 404, { statusCode: 404, message: 'Not pending' })
      const message = { id: review.id, channelId: review.channelId, review: body }
      namespace.to([`channel:${review.channelId}`, 'user']).emit('review:responded', message)
      review.answer = JSON.stringify({ status: 'completed', message })
      for (const wake of review.waiters.splice(0)) wake(review.answer)
      return send(res, 201, message)
    }
    if (req.method === 'POST' && path === '/api/auth/ws-ticket')
      return send(res, 200, { ticket: 'floor' })
    send(res, 404, { statusCode: 404, message: 'Not found' })
  } catch {
    send(res, 400, { statusCode: 400, message: 'Bad JSON' })
  }
})

const io = new Server(httpServer, { serveClient: false })
const namespace = io.of('/ws')
namespace.on('connection', (socket) => {
  // Dashboard sockets (a token) see everything, as the product's user room does.
  if (typeof socket.handshake.auth?.token === 'string') void socket.join('user')
  socket.on('subscribe:channel', async (channelId: unknown, ack?: (reply: unknown) => void) => {
    await socket.join(`channel:${String(channelId)}`)
    ack?.({ ok: true, seq: 0 })
  })
  socket.on('ping', () => socket.emit('pong'))
})

httpServer.listen(port, '127.0.0.1')
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    io.close()
    process.exit(0)
  })

/**
 * The tenancy matrix (issue 14): user B, with B's own API key, cookie and socket ticket, aims
 * every mounted route and every client socket event at user A's data. Each is refused with 403
 * or 404 and says nothing of A's; nothing of A's reaches B's sockets or B's replay. The cases
 * are keyed by the routes the app really mounts, so a new route without a case fails here.
 */
import { CLIENT_EVENT_SCHEMAS } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import { listMountedRoutes } from './mounted-routes.ts'
import {
  connectDashboard,
  connectSocket,
  emitWithAck,
  EventRecorder,
  roundTrip,
  type ClientSocket,
} from './socket-harness.ts'
import { answer, awaitDelivery, createHookedAgent, FAST_WEBHOOKS } from './webhook-flows.ts'
import { WebhookReceiver } from './webhook-receiver.ts'

/** Everything of A's that B aims at; every value also must never appear in B's answers. */
type AData = {
  userId: string
  agentId: string
  messageId: string
  reviewId: string
  iterationId: string
  streamId: string
  deliveryId: string
  apiKeyId: string
  fileId: string
  apiLogId: string
  secretText: string
}

/** How B aims a route at A's data: a path (ids filled in) and maybe a body, JSON or multipart. */
type Case = {
  path: string
  body?: Record<string, unknown>
  multipart?: Record<string, string>
}

const BOUNDARY = 'tenancy-matrix-boundary'
/** A multipart upload of the text fields plus a small file named `file`. */
function multipartBody(fields: Record<string, string>): string {
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  const file = `--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="b.txt"\r\ncontent-type: text/plain\r\n\r\nfrom b\r\n`
  return `${parts.join('')}${file}--${BOUNDARY}--\r\n`
}
/** Routes that take no id at all answer with B's own data; the body check still applies. */
type OwnScope = { ownScope: string }

const CASES: Record<string, (a: AData) => Case | OwnScope> = {
  'GET /health': () => ({ ownScope: 'public, says only up or down' }),
  'GET /api/openapi.json': () => ({ ownScope: 'public: the API description' }),
  'GET /api/docs': () => ({ ownScope: 'public: the API description as a page' }),
  'POST /mcp': () => ({
    ownScope: 'MCP tools act with B’s key through the agent routes of this matrix',
  }),
  '_ALL /mcp': () => ({ ownScope: 'answers 405: the MCP endpoint is stateless' }),
  'GET /api/preferences': () => ({ ownScope: 'B’s own preferences' }),
  'PATCH /api/preferences': () => ({ ownScope: 'changes B’s own preferences' }),
  'GET /api/share/:token': () => ({
    ownScope: 'public: the signed token is the capability (forged tokens: files tests)',
  }),
  'GET /api/files': () => ({ ownScope: 'B’s gallery; checked below with A’s agent as filter' }),
  'GET /api/v1/files': (a) => ({ path: `/api/v1/files?channel=${a.agentId}` }),
  'POST /api/v1/files/upload': (a) => ({
    path: '/api/v1/files/upload',
    multipart: { channelId: a.agentId },
  }),
  'POST /api/v1/files/store': (a) => ({
    path: '/api/v1/files/store',
    multipart: { channelId: a.agentId },
  }),
  'POST /api/v1/files/store-text': (a) => ({
    path: '/api/v1/files/store-text',
    body: { channelId: a.agentId, content: 'from b' },
  }),
  'GET /api/v1/files/:id/download': (a) => ({ path: `/api/v1/files/${a.fileId}/download` }),
  'POST /api/files/upload': (a) => ({
    path: '/api/files/upload',
    multipart: { channelId: a.agentId, text: 'from b' },
  }),
  'POST /api/files/store': (a) => ({
    path: '/api/files/store',
    multipart: { channelId: a.agentId },
  }),
  'POST /api/files/bulk-delete': (a) => ({
    path: '/api/files/bulk-delete',
    body: { ids: [a.fileId] },
  }),
  'POST /api/files/bulk-download': (a) => ({
    path: '/api/files/bulk-download',
    body: { ids: [a.fileId] },
  }),
  'GET /api/files/:id/download': (a) => ({ path: `/api/files/${a.fileId}/download` }),
  'GET /api/files/:id/share': (a) => ({ path: `/api/files/${a.fileId}/share` }),
  'DELETE /api/files/:id': (a) => ({ path: `/api/files/${a.fileId}` }),
  'GET /api/v1/agents/:id/webhook-deliveries': (a) => ({
    path: `/api/v1/agents/${a.agentId}/webhook-deliveries`,
  }),
  'GET /api/v1/agents': () => ({ ownScope: 'lists B’s agents' }),
  'POST /api/v1/agents': () => ({
    ownScope: 'creates an agent for B (a parent is set only by setSubagent)',
  }),
  'POST /api/v1/agents/setWebhook': (a) => ({
    path: '/api/v1/agents/setWebhook',
    body: { channelId: a.agentId, url: 'https://example.com/hook' },
  }),
  'POST /api/v1/agents/deleteWebhook': (a) => ({
    path: '/api/v1/agents/deleteWebhook',
    body: { channelId: a.agentId },
  }),
  'POST /api/v1/agents/rotateWebhookSecret': (a) => ({
    path: '/api/v1/agents/rotateWebhookSecret',
    body: { channelId: a.agentId },
  }),
  'POST /api/v1/agents/setTag': (a) => ({
    path: '/api/v1/agents/setTag',
    body: { channelId: a.agentId, tag: 'x' },
  }),
  'POST /api/v1/agents/setManagement': (a) => ({
    path: '/api/v1/agents/setManagement',
    body: { channelId: a.agentId, url: 'https://example.com', apiKey: 'k' },
  }),
  'POST /api/v1/agents/setSubagent': (a) => ({
    path: '/api/v1/agents/setSubagent',
    body: { channelId: a.agentId, isSubagent: false },
  }),
  'PATCH /api/v1/agents/:id': (a) => ({
    path: `/api/v1/agents/${a.agentId}`,
    body: { name: 'taken' },
  }),
  'DELETE /api/v1/agents/:id': (a) => ({ path: `/api/v1/agents/${a.agentId}` }),
  'PUT /api/v1/agents/:id/commands': (a) => ({
    path: `/api/v1/agents/${a.agentId}/commands`,
    body: { commands: [] },
  }),
  'POST /api/v1/messages': (a) => ({
    path: '/api/v1/messages',
    body: { channelId: a.agentId, text: 'intruder' },
  }),
  'GET /api/v1/messages': (a) => ({ path: `/api/v1/messages?channel=${a.agentId}` }),
  'PATCH /api/v1/messages/streams/:streamId': (a) => ({
    path: `/api/v1/messages/streams/${a.streamId}`,
    body: { channelId: a.agentId, text: 'x' },
  }),
  'POST /api/v1/messages/streams/:streamId/status': (a) => ({
    path: `/api/v1/messages/streams/${a.streamId}/status`,
    body: { channelId: a.agentId, status: 'done', text: 'x' },
  }),
  'GET /api/v1/messages/iterations/:id': (a) => ({
    path: `/api/v1/messages/iterations/${a.iterationId}?channel=${a.agentId}`,
  }),
  'GET /api/v1/messages/:id': (a) => ({
    path: `/api/v1/messages/${a.messageId}?channel=${a.agentId}`,
  }),
  'DELETE /api/v1/messages/:id': (a) => ({
    path: `/api/v1/messages/${a.messageId}?channel=${a.agentId}`,
  }),
  'POST /api/v1/messages/:id/ack': (a) => ({
    path: `/api/v1/messages/${a.messageId}/ack?channel=${a.agentId}`,
  }),
  'GET /api/v1/reviews/pending': (a) => ({ path: `/api/v1/reviews/pending?channel=${a.agentId}` }),
  'GET /api/v1/reviews/:id': (a) => ({
    path: `/api/v1/reviews/${a.reviewId}?channel=${a.agentId}`,
  }),
  'GET /api/v1/reviews/:id/wait': (a) => ({
    path: `/api/v1/reviews/${a.reviewId}/wait?channel=${a.agentId}&timeout=1`,
  }),
  'POST /api/v1/reviews/:id/cancel': (a) => ({ path: `/api/v1/reviews/${a.reviewId}/cancel` }),
  'POST /api/v1/status/ping': (a) => ({
    path: '/api/v1/status/ping',
    body: { agentId: a.agentId, status: 'busy' },
  }),
  'GET /api/v1/events': (a) => ({ path: `/api/v1/events?after=0&channel=${a.agentId}` }),
  'POST /api/auth/login': () => ({ ownScope: 'signs in whoever knows the password' }),
  'POST /api/auth/logout': () => ({ ownScope: 'ends B’s own session' }),
  'POST /api/auth/refresh': () => ({ ownScope: 'renews B’s own session' }),
  'GET /api/auth/me': () => ({ ownScope: 'describes B' }),
  'POST /api/auth/change-password': () => ({ ownScope: 'changes B’s own password' }),
  'POST /api/auth/ws-ticket': () => ({ ownScope: 'a ticket for B' }),
  'GET /api/agents/:id/webhook-deliveries': (a) => ({
    path: `/api/agents/${a.agentId}/webhook-deliveries`,
  }),
  'GET /api/webhook-deliveries': (a) => ({
    ownScope: `lists B’s deliveries only, even with ?agent=${a.agentId}`,
  }),
  'GET /api/webhook-deliveries/:id': (a) => ({ path: `/api/webhook-deliveries/${a.deliveryId}` }),
  'GET /api/messages/reviews/counts': () => ({ ownScope: 'counts B’s reviews' }),
  'GET /api/logs': () => ({ ownScope: 'lists B’s request log only' }),
  'GET /api/logs/:id': (a) => ({ path: `/api/logs/${a.apiLogId}` }),
  'GET /api/push/vapid-key': () => ({ ownScope: 'the server’s public key' }),
  'POST /api/push/subscribe': () => ({ ownScope: 'subscribes B’s browser' }),
  'DELETE /api/push/subscribe': () => ({ ownScope: 'deletes only B’s own subscription' }),
  'POST /api/webhook-deliveries/:id/replay': (a) => ({
    path: `/api/webhook-deliveries/${a.deliveryId}/replay`,
  }),
  'POST /api/messages/:id/retry': (a) => ({ path: `/api/messages/${a.messageId}/retry` }),
  'GET /api/users': () => ({ path: '/api/users' }),
  'POST /api/users': () => ({
    path: '/api/users',
    body: { email: 'x@placet.test', displayName: 'X', password: 'password-x' },
  }),
  'PATCH /api/users/:id': (a) => ({
    path: `/api/users/${a.userId}`,
    body: { displayName: 'taken' },
  }),
  'DELETE /api/users/:id': (a) => ({ path: `/api/users/${a.userId}` }),
  'GET /api/api-keys': () => ({ ownScope: 'lists B’s keys' }),
  'POST /api/api-keys': () => ({ ownScope: 'makes a key for B' }),
  'POST /api/api-keys/:id/rotate': (a) => ({ path: `/api/api-keys/${a.apiKeyId}/rotate` }),
  'DELETE /api/api-keys/:id': (a) => ({ path: `/api/api-keys/${a.apiKeyId}` }),
  'GET /api/messages/reviews': (a) => ({ path: `/api/messages/reviews?channel=${a.agentId}` }),
  'GET /api/messages': (a) => ({ path: `/api/messages?channel=${a.agentId}` }),
  'POST /api/messages': (a) => ({
    path: '/api/messages',
    body: { channelId: a.agentId, text: 'intruder' },
  }),
  'GET /api/messages/:id': (a) => ({ path: `/api/messages/${a.messageId}` }),
  'GET /api/messages/:id/iterations': (a) => ({ path: `/api/messages/${a.messageId}/iterations` }),
  'POST /api/messages/:id/respond': (a) => ({
    path: `/api/messages/${a.reviewId}/respond`,
    body: { response: { selectedOption: 'ok' } },
  }),
  'GET /api/agents': () => ({ ownScope: 'lists B’s agents' }),
  'GET /api/agents/stats': () => ({ ownScope: 'counts B’s agents' }),
  'POST /api/agents': () => ({ ownScope: 'creates an agent for B' }),
  'PATCH /api/agents/:id': (a) => ({ path: `/api/agents/${a.agentId}`, body: { name: 'taken' } }),
  'DELETE /api/agents/:id': (a) => ({ path: `/api/agents/${a.agentId}` }),
  'POST /api/agents/:id/read': (a) => ({ path: `/api/agents/${a.agentId}/read` }),
  'POST /api/agents/:id/rotate-webhook-secret': (a) => ({
    path: `/api/agents/${a.agentId}/rotate-webhook-secret`,
  }),
  'GET /api/agents/:id/stats': (a) => ({ path: `/api/agents/${a.agentId}/stats` }),
  'POST /api/agents/:id/avatar': (a) => ({
    path: `/api/agents/${a.agentId}/avatar`,
    multipart: {},
  }),
  'GET /api/agents/:id/avatar': (a) => ({ path: `/api/agents/${a.agentId}/avatar` }),
  'DELETE /api/agents/:id/avatar': (a) => ({ path: `/api/agents/${a.agentId}/avatar` }),
  'GET /api/events': (a) => ({ path: `/api/events?after=0&channel=${a.agentId}` }),
}

/** A payload per client event that names A's channel. */
const SOCKET_CASES: Record<string, (a: AData) => unknown> = {
  'subscribe:channel': (a) => ({ channelId: a.agentId, since: 0 }),
  'unsubscribe:channel': (a) => a.agentId,
  'channel:read': (a) => a.agentId,
  'message:delta': (a) => ({ channelId: a.agentId, delta: 'intruder' }),
  'message:progress': (a) => ({ channelId: a.agentId, content: 'intruder' }),
  'agent:commands': (a) => ({ channelId: a.agentId, commands: [] }),
  'oauth:start': (a) => ({ channelId: a.agentId, state: 's', provider: 'p' }),
}
/** Leaving a room one is not in is harmless, so it may answer ok; it must leak nothing. */
const MAY_SUCCEED = new Set(['unsubscribe:channel'])

let server: TestServer
let receiver: WebhookReceiver
let a: TestClient
let b: TestClient
let data: AData

/** A's values in `text`, other than those B sent itself (an error may echo B's own input). */
const leaks = (text: string, sent = '') =>
  Object.entries(data)
    .filter(([, value]) => text.includes(value) && !sent.includes(value))
    .map(([key]) => key)

beforeAll(async () => {
  receiver = await WebhookReceiver.start()
  server = await startTestServer(FAST_WEBHOOKS)
  a = await ownerClient(server)
  b = await memberClient(server)
  const { agentId } = await createHookedAgent(a, `${receiver.base}/hook`)
  const secretText = 'only-for-a-7f3c'
  const message = await a.post('/api/v1/messages', {
    channelId: agentId,
    text: secretText,
    streamId: 'a-stream',
    streamState: 'streaming',
  })
  const review = await a.post('/api/v1/messages', {
    channelId: agentId,
    text: secretText,
    review: { type: 'approval', payload: { options: [{ id: 'ok', label: 'OK' }] } },
  })
  const answered = await a.post('/api/v1/messages', {
    channelId: agentId,
    text: secretText,
    review: { type: 'approval', payload: { options: [{ id: 'ok', label: 'OK' }] } },
  })
  await answer(a, answered.body.id)
  const delivery = await awaitDelivery(a, agentId, (item) => item.state === 'delivered')
  const file = await a.post('/api/v1/files/store-text', {
    channelId: agentId,
    content: secretText,
    filename: 'a-secret.txt',
  })
  const keys = await a.get('/api/api-keys')
  const me = await a.get('/api/auth/me')
  // The request log is written after the answer goes out.
  const logs = await eventually(
    () => a.get('/api/logs?limit=1'),
    (reply) => reply.body.data?.length === 1,
    'a row of A’s request log',
  )
  data = {
    userId: me.body.id ?? me.body.user?.id,
    agentId,
    messageId: message.body.id,
    reviewId: review.body.id,
    iterationId: message.body.iterationGroupId ?? message.body.id,
    streamId: 'a-stream',
    deliveryId: delivery.id,
    apiKeyId: keys.body[0].id,
    fileId: file.body.id,
    apiLogId: logs.body.data[0].id,
    secretText,
  }
  expect(Object.values(data).every(Boolean), JSON.stringify(data)).toBe(true)
})
afterAll(async () => {
  await server.destroy()
  await receiver.close()
})

describe('tenancy matrix', () => {
  it('has a case for every mounted route', () => {
    const mounted = listMountedRoutes(server).map((route) => `${route.method} ${route.path}`)
    expect(mounted.filter((route) => !(route in CASES))).toEqual([])
  })

  it('refuses B every route aimed at A’s data, and leaks nothing of A’s', async () => {
    const before = await a.get(`/api/v1/messages?channel=${data.agentId}`)
    const failures: string[] = []
    for (const route of listMountedRoutes(server)) {
      const name = `${route.method} ${route.path}`
      const aimed = CASES[name]!(data)
      if ('ownScope' in aimed) continue
      const reply = aimed.multipart
        ? await b.request(route.method, aimed.path, undefined, {
            raw: multipartBody(aimed.multipart),
            headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
          })
        : await b.request(
            route.method,
            aimed.path,
            aimed.body ?? (route.method === 'GET' ? undefined : {}),
          )
      const text = JSON.stringify(reply.body)
      if (![403, 404].includes(reply.status)) failures.push(`${name}: ${reply.status} ${text}`)
      const leaked = leaks(text, JSON.stringify(aimed))
      if (leaked.length) failures.push(`${name} leaked ${leaked.join(', ')}`)
    }
    expect(failures).toEqual([])
    expect(await a.get(`/api/v1/messages?channel=${data.agentId}`)).toMatchObject({
      status: 200,
      body: before.body,
    })
    // A's file survived B's deletes and is still A's alone.
    const download = await a.get(`/api/v1/files/${data.fileId}/download`)
    expect(download).toMatchObject({ status: 200, body: data.secretText })
  })

  it('answers B’s own-scope routes with nothing of A’s', async () => {
    for (const path of [
      '/api/v1/agents',
      '/api/agents',
      '/api/agents/stats',
      '/api/api-keys',
      '/api/auth/me',
      '/api/v1/events?after=0',
      '/api/events?after=0',
      '/api/messages/reviews',
      '/api/preferences',
      `/api/files?agent=${data.agentId}`,
      '/api/files',
      '/api/messages/reviews/counts',
      `/api/webhook-deliveries?agent=${data.agentId}`,
    ]) {
      const reply = await b.get(path)
      expect(reply.status, path).toBe(200)
      expect(leaks(JSON.stringify(reply.body)), path).toEqual([])
    }
    // B's request log holds B's own calls, including those above that named A's ids (B sent
    // them); it never holds a row of A's.
    const logs = await b.get(`/api/logs?agent=${data.agentId}&limit=100`)
    expect(logs.status).toBe(200)
    expect(logs.body.data.every((row: { userId: string }) => row.userId !== data.userId)).toBe(true)
  })

  it('refuses every client socket event aimed at A’s channel, and B’s sockets get nothing of A’s', async () => {
    expect(Object.keys(CLIENT_EVENT_SCHEMAS).filter((event) => !(event in SOCKET_CASES))).toEqual(
      [],
    )
    const sockets: ClientSocket[] = [
      await connectSocket(server.url, { apiKey: b.apiKey! }),
      await connectDashboard(b),
    ]
    const aSocket = await connectSocket(server.url, { apiKey: a.apiKey! })
    try {
      const recorders = sockets.map((socket) => new EventRecorder(socket))
      for (const socket of sockets)
        for (const [event, payload] of Object.entries(SOCKET_CASES)) {
          const ack = await emitWithAck(socket, event as 'channel:read', payload(data) as string)
          if (!MAY_SUCCEED.has(event)) expect(ack, event).toMatchObject({ ok: false })
          expect(leaks(JSON.stringify(ack)), event).toEqual([])
        }
      // A acts on A's channel; A's own socket seeing it proves the events went out, and a
      // ping round trip on B's sockets after that is the barrier for "nothing arrived".
      const aRecorder = new EventRecorder(aSocket)
      expect(await emitWithAck(aSocket, 'subscribe:channel', data.agentId)).toMatchObject({
        ok: true,
      })
      const posted = await a.post('/api/v1/messages', {
        channelId: data.agentId,
        text: data.secretText,
      })
      await emitWithAck(aSocket, 'message:delta', {
        channelId: data.agentId,
        delta: data.secretText,
      })
      await aRecorder.next('message:created', (payload) => payload.id === posted.body.id)
      for (const socket of sockets) await roundTrip(socket)
      for (const recorder of recorders) expect(leaks(JSON.stringify(recorder.events))).toEqual([])
    } finally {
      for (const socket of [...sockets, aSocket]) socket.close()
    }
  })
})

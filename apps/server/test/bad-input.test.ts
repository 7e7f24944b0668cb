/**
 * Bad input gets a clear 4xx and never a 500 (the bar for every change): every route, called
 * by its owner with hostile bodies, ids and queries, answers with the protocol's error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'

let server: TestServer
let owner: TestClient
let channelId: string
let messageId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
  channelId = (await owner.post('/api/v1/agents', { name: 'target' })).body.id
  messageId = (
    await owner.post('/api/v1/messages', { channelId, text: 'Sure?', review: { type: 'approval' } })
  ).body.id
})
afterAll(() => server.destroy())

const ROUTES: [method: string, path: string][] = [
  ['POST', '/api/v1/messages'],
  [
    'GET',
    '/api/v1/messages?channel=:channel&limit=abc&cursor=%00&search=%25_&has_attachments=maybe',
  ],
  ['GET', '/api/v1/messages/:message?channel=:channel'],
  ['DELETE', '/api/v1/messages/nope?channel=:channel'],
  ['POST', '/api/v1/messages/:message/ack?channel=nope'],
  ['GET', '/api/v1/messages/iterations/nope?channel=:channel'],
  ['PATCH', '/api/v1/messages/streams/%E2%9C%93'],
  ['POST', '/api/v1/messages/streams/s/status'],
  ['GET', '/api/v1/reviews/pending?channel=%20'],
  ['GET', '/api/v1/reviews/:message?channel=:channel'],
  ['GET', '/api/v1/reviews/:message/wait?channel=:channel&timeout=1'],
  ['POST', '/api/v1/reviews/nope/cancel'],
  ['POST', '/api/v1/agents'],
  ['PATCH', '/api/v1/agents/:channel'],
  ['DELETE', '/api/v1/agents/nope'],
  ['POST', '/api/v1/agents/setWebhook'],
  ['POST', '/api/v1/agents/deleteWebhook'],
  ['POST', '/api/v1/agents/rotateWebhookSecret'],
  ['POST', '/api/v1/agents/setTag'],
  ['POST', '/api/v1/agents/setManagement'],
  ['POST', '/api/v1/agents/setSubagent'],
  ['PUT', '/api/v1/agents/:channel/commands'],
  ['GET', '/api/v1/agents/:channel/webhook-deliveries?limit=-1&cursor=zz'],
  ['POST', '/api/v1/status/ping'],
  ['GET', '/api/v1/events?after=-1&limit=1e9&channel=nope'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/change-password'],
  ['POST', '/api/users'],
  ['PATCH', '/api/users/nope'],
  ['POST', '/api/api-keys'],
  ['POST', '/api/api-keys/nope/rotate'],
  ['GET', '/api/agents'],
  ['POST', '/api/agents'],
  ['PATCH', '/api/agents/:channel'],
  ['POST', '/api/agents/nope/read'],
  ['GET', '/api/agents/nope/stats'],
  ['GET', '/api/messages?channel=nope&limit=x'],
  ['POST', '/api/messages'],
  ['GET', '/api/messages/reviews?status=weird&cursor=%FF&limit=0'],
  ['GET', '/api/messages/nope'],
  ['POST', '/api/messages/:message/respond'],
  ['POST', '/api/messages/nope/retry'],
  ['GET', '/api/webhook-deliveries/nope'],
  ['POST', '/api/webhook-deliveries/nope/replay'],
  ['GET', '/api/events?after=abc'],
]

const HOSTILE_BODIES: unknown[] = [
  null,
  [],
  'text',
  42,
  { channelId: 42, text: ['x'], review: 'approval', name: { a: 1 }, url: 'javascript:alert(1)' },
  {
    channelId: ':channel',
    review: { type: 'form', payload: { fields: 'all' } },
    agentId: null,
    status: 'sleepy',
  },
  {
    channelId: ':channel',
    response: { selectedOption: { $ne: null } },
    commands: [{}],
    tag: 'x'.repeat(100),
  },
  {
    email: 'x'.repeat(5000),
    password: '',
    label: '\u0000',
    isSubagent: 'yes',
    parentChannelId: ':channel',
  },
]

describe('hostile input', () => {
  it('never gets a 500 from any route', { timeout: 120_000 }, async () => {
    const fill = (text: string) =>
      text.replaceAll(':channel', channelId).replaceAll(':message', messageId)
    const failures: string[] = []
    for (const [method, rawPath] of ROUTES) {
      const path = fill(rawPath)
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : HOSTILE_BODIES
      for (const body of bodies) {
        const raw = body === undefined ? undefined : fill(JSON.stringify(body))
        const reply = await owner.request(method, path, undefined, { raw })
        if (reply.status >= 500)
          failures.push(`${method} ${path} ${raw?.slice(0, 200)} -> ${reply.status}`)
        else if (reply.status >= 400)
          expect(reply.body.statusCode, `${method} ${path}`).toBe(reply.status)
      }
    }
    expect(failures).toEqual([])
  })

  it('refuses NUL characters, which PostgreSQL cannot store, with a 400', async () => {
    const inBody = await owner.post('/api/v1/messages', { channelId, text: 'a\u0000b' })
    expect(inBody.status).toBe(400)
    expect(inBody.body.message).toBe('Text may not contain NUL characters')
    expect((await owner.get(`/api/v1/messages?channel=${channelId}&search=%00`)).status).toBe(400)
  })
})

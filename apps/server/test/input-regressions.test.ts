/**
 * Regression tests for the bugs the attack suites found (issue 14), one per bug and named after
 * it, so a return of any of them names itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'
import { createAgent } from './messaging-fixtures.ts'

let server: TestServer
let owner: TestClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
  channelId = (await createAgent(owner, 'regressions')).id
})
afterAll(() => server.destroy())

/** Sends `raw` as the JSON body: JSON.stringify could not write a lone surrogate escape. */
const postRaw = (path: string, raw: string) => owner.request('POST', path, undefined, { raw })

describe('deep JSON RangeError', () => {
  it.each([1_000, 5_000, 100_000])('%i levels of nesting get a 400, not a 500', async (depth) => {
    for (const [open, close] of [
      ['[', ']'],
      ['{"a":', '}'],
    ] as const) {
      const reply = await postRaw(
        '/api/v1/messages',
        open.repeat(depth) + '1' + close.repeat(depth),
      )
      expect(reply.status).toBe(400)
      expect(reply.body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/nested/),
      })
    }
  })
})

describe('lone surrogates 500', () => {
  it.each([
    ['in a message text', (id: string) => `{"channelId":"${id}","text":"a\\ud800b"}`],
    ['as an id', () => `{"channelId":"\\udc00","text":"hello"}`],
    ['in a metadata key', (id: string) => `{"channelId":"${id}","metadata":{"\\ud83d":1}}`],
  ])('a lone surrogate %s gets a 400 and nothing is stored', async (_where, body) => {
    const before = (await owner.get(`/api/v1/messages?channel=${channelId}`)).body
    const reply = await postRaw('/api/v1/messages', body(channelId))
    expect(reply.status).toBe(400)
    expect(reply.body.message).toMatch(/surrogate/)
    expect((await owner.get(`/api/v1/messages?channel=${channelId}`)).body).toEqual(before)
  })

  it('a lone surrogate in a form answer key gets a 400, and the review stays pending', async () => {
    const form = await owner.post('/api/v1/messages', {
      channelId,
      text: 'Fill in',
      review: { type: 'form', payload: { fields: [{ name: 'n', type: 'text', label: 'N' }] } },
    })
    expect(form.status).toBe(201)
    const reply = await postRaw(
      `/api/messages/${form.body.id}/respond`,
      '{"response":{"\\ud800":"x","n":"y"}}',
    )
    expect(reply.status).toBe(400)
    const stored = await owner.get(`/api/v1/reviews/${form.body.id}?channel=${channelId}`)
    expect(stored.body.review.status).toBe('pending')
  })

  it('well-formed astral characters (a surrogate pair) are stored as sent', async () => {
    const reply = await owner.post('/api/v1/messages', { channelId, text: 'ship it 🚀 𝄞' })
    expect(reply.status).toBe(201)
    expect(reply.body.text).toBe('ship it 🚀 𝄞')
  })
})

describe('JSON number precision', () => {
  const NUMBERS =
    '{"x":0.30000000000000004,"y":1782.2530857188378,"z":-4.9406564584124654e-324,"big":9007199254740991}'
  const exact = JSON.parse(NUMBERS) as Record<string, number>

  it('metadata reads back exactly as sent, in the 201 and on every read', async () => {
    const created = await postRaw(
      '/api/v1/messages',
      `{"channelId":"${channelId}","text":"numbers","metadata":${NUMBERS}}`,
    )
    expect(created.status).toBe(201)
    expect(created.body.metadata).toEqual(exact)
    const read = await owner.get(`/api/v1/messages/${created.body.id}?channel=${channelId}`)
    expect(read.body.metadata).toEqual(exact)
  })

  it('a number in a form answer and a form field reaches the agent exactly', async () => {
    const created = await owner.post('/api/v1/messages', {
      channelId,
      text: 'How much?',
      review: {
        type: 'form',
        payload: { fields: [{ name: 'amount', type: 'number', label: 'Amount', step: exact.y }] },
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.review.payload.fields[0].step).toBe(exact.y)
    const answered = await postRaw(
      `/api/messages/${created.body.id}/respond`,
      `{"response":{"amount":${String(exact.x)}}}`,
    )
    expect(answered.status).toBe(201)
    const review = await owner.get(`/api/v1/reviews/${created.body.id}?channel=${channelId}`)
    expect(review.body.review.response).toEqual({ amount: exact.x })
  })
})

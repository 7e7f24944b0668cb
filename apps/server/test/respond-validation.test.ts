import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import { createAgent, postMessage, postReview, respond } from './messaging-fixtures.ts'

let server: TestServer
let owner: TestClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
  channelId = (await createAgent(owner, 'Strict')).id
})
afterAll(() => server.destroy())

const SELECTION_SINGLE = {
  type: 'selection',
  payload: {
    mode: 'single',
    items: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
  },
}
const SELECTION_MULTI = {
  type: 'selection',
  payload: {
    mode: 'multi',
    items: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
  },
}
const FORM = {
  type: 'form',
  payload: {
    fields: [
      { name: 'email', type: 'email', label: 'Email', required: true },
      { name: 'count', type: 'number', label: 'Count', min: 1, max: 5 },
      { name: 'env', type: 'select', label: 'Env', options: ['staging', 'prod'] },
      { name: 'agree', type: 'checkbox', label: 'Agree' },
    ],
  },
}
const TEXT = { type: 'text-input', payload: { minLength: 3, maxLength: 10 } }

/** Posts a review of `review`, answers it with `response`, and returns the reply. */
async function answer(review: Record<string, unknown>, response: unknown) {
  const message = await postReview(owner, channelId, review)
  return {
    message,
    reply: await respond(owner, message.id, { response } as Record<string, unknown>),
  }
}

describe('responses are checked against their review (spec 9.2.2)', () => {
  it.each([
    [
      'an unknown approval option',
      { type: 'approval' },
      { selectedOption: 'maybe' },
      ['response', 'selectedOption'],
    ],
    [
      'an approval without an option',
      { type: 'approval' },
      { comment: 'hm' },
      ['response', 'selectedOption'],
    ],
    [
      'two ids for a single selection',
      SELECTION_SINGLE,
      { selectedIds: ['a', 'b'] },
      ['response', 'selectedIds'],
    ],
    [
      'an unknown item',
      SELECTION_MULTI,
      { selectedIds: ['a', 'z'] },
      ['response', 'selectedIds', 1],
    ],
    ['an empty selection', SELECTION_MULTI, { selectedIds: [] }, ['response', 'selectedIds']],
    ['a missing required form field', FORM, { count: 2 }, ['response', 'email']],
    ['a form value out of range', FORM, { email: 'a@b.co', count: 9 }, ['response', 'count']],
    ['an unknown select option', FORM, { email: 'a@b.co', env: 'dev' }, ['response', 'env']],
    ['an unknown form field', FORM, { email: 'a@b.co', extra: 'x' }, ['response', 'extra']],
    ['a text that is too short', TEXT, { text: 'hi' }, ['response', 'text']],
    ['a text that is too long', TEXT, { text: 'far too long for this' }, ['response', 'text']],
  ])('refuses %s with 400 and the path into the body', async (_, review, response, path) => {
    const { message, reply } = await answer(review, response)
    expect(reply.status).toBe(400)
    expect(reply.body.errors.map((error: { path: unknown }) => error.path)).toContainEqual(path)
    // Nothing was stored: the review is still pending and can be answered properly.
    expect((await owner.get(`/api/v1/reviews/${message.id}`)).body.review.status).toBe('pending')
  })

  it.each([
    [
      'a default approval option',
      { type: 'approval' },
      { selectedOption: 'approve', comment: 'fine' },
    ],
    ['one id for a single selection', SELECTION_SINGLE, { selectedIds: ['b'] }],
    ['several ids for a multi selection', SELECTION_MULTI, { selectedIds: ['a', 'b'] }],
    ['a complete form', FORM, { email: 'a@b.co', count: 3, env: 'prod', agree: true }],
    ['a dismissed form', FORM, { _dismissed: true }],
    ['a text within its limits', TEXT, { text: 'just right' }],
    [
      'any object for freeform',
      { type: 'freeform', payload: { plugin: 'x' } },
      { anything: [1, 2, { deep: true }] },
    ],
  ])('accepts %s', async (_, review, response) => {
    const { reply } = await answer(review, response)
    expect(reply.status).toBe(201)
    expect(reply.body.review).toMatchObject({ status: 'completed', response })
  })

  it('refuses a body without an object response with 400 "Validation failed"', async () => {
    const message = await postReview(owner, channelId)
    for (const body of [{}, { response: 'approve' }, { response: ['approve'] }]) {
      const reply = await respond(owner, message.id, body)
      expect(reply.status).toBe(400)
      expect(reply.body.message).toBe('Validation failed')
      expect(reply.body.errors[0].path).toEqual(['response'])
    }
  })
})

describe('only a pending review can be answered (spec 3.5, 9.2.7)', () => {
  it('answers a second answer with 409 and the current status, keeping the first', async () => {
    const { message, reply } = await answer({ type: 'approval' }, { selectedOption: 'approve' })
    expect(reply.status).toBe(201)
    const second = await respond(owner, message.id, { response: { selectedOption: 'reject' } })
    expect(second.status).toBe(409)
    expect(second.body).toMatchObject({
      statusCode: 409,
      message: 'Review is not pending',
      status: 'completed',
    })
    expect((await owner.get(`/api/v1/reviews/${message.id}`)).body.review.response).toEqual({
      selectedOption: 'approve',
    })
  })

  it('lets only one of two simultaneous answers through', async () => {
    const message = await postReview(owner, channelId)
    const replies = await Promise.all([
      respond(owner, message.id, { response: { selectedOption: 'approve' } }),
      respond(owner, message.id, { response: { selectedOption: 'reject' } }),
    ])
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409])
  })

  it('answers 404 for an unknown message or one without a review, 403 for a foreign one', async () => {
    expect(
      (await respond(owner, 'missing', { response: { selectedOption: 'approve' } })).status,
    ).toBe(404)
    const plain = await postMessage(owner, { channelId, text: 'nothing to answer' })
    const noReview = await respond(owner, plain.id, { response: {} })
    expect(noReview.status).toBe(404)
    expect(noReview.body.message).toBe('No review on this message')
    const message = await postReview(owner, channelId)
    const stranger = await memberClient(server)
    const foreign = await respond(stranger, message.id, { response: { selectedOption: 'approve' } })
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toBe('Not your agent')
  })

  it('needs a signed-in person: an API key alone gets 401', async () => {
    const message = await postReview(owner, channelId)
    const reply = await fetch(`${server.url}/api/messages/${message.id}/respond`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': owner.apiKey! },
      body: JSON.stringify({ response: { selectedOption: 'approve' } }),
    })
    expect(reply.status).toBe(401)
  })
})

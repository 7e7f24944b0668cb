import { WaitResult } from '@placet/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import {
  PASSWORD_FORM,
  createAgent,
  postMessage,
  postReview,
  respond,
} from './messaging-fixtures.ts'

let server: TestServer
let owner: TestClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await ownerClient(server)
  channelId = (await createAgent(owner, 'Waiter')).id
})
afterAll(() => server.destroy())

const waiting = () => server.services.reviewWaiters.size

/**
 * Starts a long-poll and resolves once the server holds it (its watch is open), with the reply
 * still to come (wrapped: an async function would otherwise wait for the reply itself).
 */
async function startWait(messageId: string, query = 'timeout=25000') {
  const before = waiting()
  const reply = owner.get(`/api/v1/reviews/${messageId}/wait?${query}`)
  await eventually(waiting, (count) => count > before, 'the wait to be held')
  return { reply }
}

describe('GET /api/v1/reviews/:id/wait (spec 2.2)', () => {
  it('returns completed with the raw answer once the person answers', async () => {
    const review = await postReview(owner, channelId, PASSWORD_FORM)
    const wait = await startWait(review.id)
    expect(
      (
        await respond(owner, review.id, {
          response: { user: 'ann', token: 'raw-secret' },
          feedback: 'ok',
        })
      ).status,
    ).toBe(201)
    const result = await wait.reply
    expect(result.status).toBe(200)
    expect(WaitResult.parse(result.body).status).toBe('completed')
    expect(result.body.message.review).toMatchObject({
      status: 'completed',
      response: { user: 'ann', token: 'raw-secret' },
      feedback: 'ok',
    })
    expect(waiting()).toBe(0)
  })

  it('wakes every waiter of the same review', async () => {
    const review = await postReview(owner, channelId)
    const first = await startWait(review.id)
    const second = await startWait(review.id)
    await respond(owner, review.id, { response: { selectedOption: 'approve' } })
    const results = await Promise.all([first.reply, second.reply])
    expect(results.map((result) => result.body.status)).toEqual(['completed', 'completed'])
  })

  it('returns at once for a review that is already answered', async () => {
    const review = await postReview(owner, channelId)
    await respond(owner, review.id, { response: { selectedOption: 'reject' } })
    const result = await owner.get(`/api/v1/reviews/${review.id}/wait?channel=${channelId}`)
    expect(result.body).toMatchObject({
      status: 'completed',
      message: { id: review.id, review: { response: { selectedOption: 'reject' } } },
    })
  })

  it('returns {status: "timeout"} without a message when nobody answers in time', async () => {
    const review = await postReview(owner, channelId)
    const result = await owner.get(`/api/v1/reviews/${review.id}/wait?timeout=200`)
    expect(result.status).toBe(200)
    expect(result.body).toEqual({ status: 'timeout' })
    expect((await owner.get(`/api/v1/reviews/${review.id}`)).body.review.status).toBe('pending')
  })

  it('returns cancelled when the agent withdraws the review meanwhile', async () => {
    const review = await postReview(owner, channelId)
    const wait = await startWait(review.id)
    await owner.post(`/api/v1/reviews/${review.id}/cancel`)
    expect((await wait.reply).body).toMatchObject({
      status: 'cancelled',
      message: { id: review.id, review: { status: 'cancelled' } },
    })
  })

  it('answers 404 when the message is deleted meanwhile', async () => {
    const review = await postReview(owner, channelId)
    const wait = await startWait(review.id)
    expect((await owner.delete(`/api/v1/messages/${review.id}`)).status).toBe(200)
    const result = await wait.reply
    expect(result.status).toBe(404)
    expect(result.body.message).toBe('Message not found')
  })

  it('drops the waiter when the client hangs up', async () => {
    const review = await postReview(owner, channelId)
    const hangUp = new AbortController()
    const pending = fetch(`${server.url}/api/v1/reviews/${review.id}/wait?timeout=25000`, {
      headers: { 'x-api-key': owner.apiKey! },
      signal: hangUp.signal,
    }).catch((error: Error) => error)
    await eventually(waiting, (count) => count === 1, 'the wait to be held')
    hangUp.abort()
    expect(await pending).toBeInstanceOf(Error)
    await eventually(waiting, (count) => count === 0, 'the waiter to be dropped')
    // The review is untouched and can still be answered.
    expect(
      (await respond(owner, review.id, { response: { selectedOption: 'approve' } })).status,
    ).toBe(201)
  })

  it('answers 404 for an unknown message or a message without review, 403 for a foreign one', async () => {
    expect((await owner.get('/api/v1/reviews/unknown/wait?timeout=100')).status).toBe(404)
    const plain = await postMessage(owner, { channelId, text: 'x' })
    const noReview = await owner.get(`/api/v1/reviews/${plain.id}/wait?timeout=100`)
    expect(noReview.status).toBe(404)
    expect(noReview.body.message).toBe('No review on this message')
    const review = await postReview(owner, channelId)
    const stranger = await memberClient(server)
    const foreign = await stranger.get(`/api/v1/reviews/${review.id}/wait?timeout=100`)
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toBe('Not your agent')
    expect(waiting()).toBe(0)
  })
})

describe('a stopping server', () => {
  it('answers its open long-polls with timeout instead of cutting them off', async () => {
    const stopping = await startTestServer()
    const client = await ownerClient(stopping)
    const agent = await createAgent(client, 'Stopping')
    const review = await postReview(client, agent.id)
    const reply = client.get(`/api/v1/reviews/${review.id}/wait?timeout=25000`)
    await eventually(
      () => stopping.services.reviewWaiters.size,
      (count) => count === 1,
      'the wait to be held',
    )
    const destroyed = stopping.destroy()
    expect((await reply).body).toEqual({ status: 'timeout' })
    await destroyed
  })
})

describe('the hold limit (LONG_POLL_MAX)', () => {
  it('caps a long timeout at the configured maximum', async () => {
    const capped = await startTestServer({ LONG_POLL_MAX: '300ms' })
    try {
      const client = await ownerClient(capped)
      const agent = await createAgent(client, 'Capped')
      const review = await postReview(client, agent.id)
      // Asks for a minute; only the cap lets this return inside the test's time limit.
      const result = await client.get(`/api/v1/reviews/${review.id}/wait?timeout=60000`)
      expect(result.body).toEqual({ status: 'timeout' })
    } finally {
      await capped.destroy()
    }
  })
})

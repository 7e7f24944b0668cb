import { describe, expect, it } from 'vitest'
import { eventually, ownerClient, startTestServer, type TestClient } from './harness.ts'
import { APPROVAL, createAgent, postReview, respond, useAgentServer } from './messaging-fixtures.ts'

const world = useAgentServer('Expirer')

const statusOf = async (client: TestClient, id: string) =>
  (await client.get(`/api/v1/reviews/${id}`)).body.review.status

/** Moves a pending review's deadline into the past behind the timer's back (it stays armed for later). */
const backdate = (id: string) =>
  world.server.services.db.transaction(async (tx) => {
    const row = await tx.message.findUniqueOrThrow({ where: { id } })
    const past = new Date(Date.now() - 1_000)
    await tx.message.update({
      where: { id },
      data: {
        reviewExpiresAt: past,
        review: { ...(row.review as object), expiresAt: past.toISOString() },
      },
    })
  })

describe('review expiry (spec 1.6, 9.2.5)', () => {
  it('expires a review at its deadline and announces review:expired', async () => {
    const review = await postReview(world.owner, world.channelId, APPROVAL, { text: 'short-lived' })
    const expiring = await postReview(world.owner, world.channelId, {
      ...APPROVAL,
      expiresInSeconds: 1,
    })
    await eventually(
      () => statusOf(world.owner, expiring.id),
      (status) => status === 'expired',
      'the review to expire',
    )
    const read = await world.owner.get(`/api/v1/reviews/${expiring.id}`)
    expect(read.body.review).toMatchObject({ status: 'expired', response: null })
    expect(read.body.review.expiredAt).toEqual(expect.any(String))
    const [event] = world.recorder.of('review:expired', expiring.id)
    expect(event?.payload).toMatchObject({ messageId: expiring.id, channelId: world.channelId })
    // The one created first, with the default 24 h, is untouched.
    expect(await statusOf(world.owner, review.id)).toBe('pending')
  })

  it('re-arms for a review whose deadline is earlier than everything pending', async () => {
    await postReview(world.owner, world.channelId, { ...APPROVAL, expiresInSeconds: 3600 })
    const sooner = await postReview(world.owner, world.channelId, {
      ...APPROVAL,
      expiresInSeconds: 1,
    })
    await eventually(
      () => statusOf(world.owner, sooner.id),
      (status) => status === 'expired',
      'the sooner review to expire',
    )
  })

  it('refuses an answer after expiry with 409 and status expired', async () => {
    const review = await postReview(world.owner, world.channelId, {
      ...APPROVAL,
      expiresInSeconds: 1,
    })
    await eventually(
      () => statusOf(world.owner, review.id),
      (status) => status === 'expired',
      'the review to expire',
    )
    const answer = await respond(world.owner, review.id, {
      response: { selectedOption: 'approve' },
    })
    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({
      statusCode: 409,
      message: 'Review is not pending',
      status: 'expired',
    })
    expect((await world.owner.post(`/api/v1/reviews/${review.id}/cancel`)).body.status).toBe(
      'expired',
    )
  })

  it('ends a long-poll with expired when the deadline passes during the wait', async () => {
    const review = await postReview(world.owner, world.channelId, {
      ...APPROVAL,
      expiresInSeconds: 1,
    })
    const result = await world.owner.get(`/api/v1/reviews/${review.id}/wait?timeout=20000`)
    expect(result.body).toMatchObject({
      status: 'expired',
      message: { id: review.id, review: { status: 'expired' } },
    })
    expect(world.recorder.of('review:expired', review.id)).toHaveLength(1)
  })

  it('expires lazily when a waiter, an answer or a cancel finds the deadline passed first', async () => {
    const waited = await postReview(world.owner, world.channelId)
    await backdate(waited.id)
    expect((await world.owner.get(`/api/v1/reviews/${waited.id}/wait`)).body).toMatchObject({
      status: 'expired',
    })

    const answered = await postReview(world.owner, world.channelId)
    await backdate(answered.id)
    const answer = await respond(world.owner, answered.id, {
      response: { selectedOption: 'approve' },
    })
    expect(answer.status).toBe(409)
    expect(answer.body.status).toBe('expired')

    const cancelled = await postReview(world.owner, world.channelId)
    await backdate(cancelled.id)
    expect((await world.owner.post(`/api/v1/reviews/${cancelled.id}/cancel`)).body.status).toBe(
      'expired',
    )

    for (const id of [waited.id, answered.id, cancelled.id]) {
      expect(await statusOf(world.owner, id)).toBe('expired')
      expect(world.recorder.of('review:expired', id)).toHaveLength(1)
    }
  })

  it('lists expired reviews in the inbox', async () => {
    const review = await postReview(world.owner, world.channelId, {
      ...APPROVAL,
      expiresInSeconds: 1,
    })
    await eventually(
      () => statusOf(world.owner, review.id),
      (status) => status === 'expired',
      'the review to expire',
    )
    const inbox = await world.owner.get(
      `/api/messages/reviews?status=expired&channel=${world.channelId}`,
    )
    expect(inbox.body.map((message: { id: string }) => message.id)).toContain(review.id)
  })
})

describe('expiry across a restart', () => {
  it('arms the timer from the database when the server starts', async () => {
    const first = await startTestServer()
    let running = first
    try {
      const client = await ownerClient(running)
      const agent = await createAgent(client, 'Survivor')
      const review = await postReview(client, agent.id, { ...APPROVAL, expiresInSeconds: 2 })
      running = await running.restart()
      const again = await ownerClient(running)
      await eventually(
        () => statusOf(again, review.id),
        (status) => status === 'expired',
        'the review to expire after the restart',
      )
      const events = await running.services.db.read((tx) =>
        tx.event.findMany({ where: { type: 'review:expired' } }),
      )
      expect(events.map((event) => JSON.parse(event.payload).messageId)).toEqual([review.id])
    } finally {
      await running.destroy()
    }
  })
})

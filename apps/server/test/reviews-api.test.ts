import { DEFAULT_APPROVAL_OPTIONS, Message, REDACTED } from '@placet/protocol'
import { beforeAll, describe, expect, it } from 'vitest'
import { memberClient } from './harness.ts'
import {
  APPROVAL,
  PASSWORD_FORM,
  createAgent,
  postMessage,
  postReview,
  respond,
  useAgentServer,
} from './messaging-fixtures.ts'

const HOUR = 3_600_000

const world = useAgentServer('Reviewer bot')

const create = (review: Record<string, unknown>) =>
  world.owner.post('/api/v1/messages', { channelId: world.channelId, text: 'Review?', review })

describe('creating a review (spec 1.6, 9.2.2)', () => {
  it('stores a pending review with the resolved default expiry and the indexed columns', async () => {
    const before = Date.now()
    const reply = await create(APPROVAL)
    expect(reply.status).toBe(201)
    const message = Message.parse(reply.body)
    expect(message.review).toMatchObject({
      type: 'approval',
      status: 'pending',
      payload: APPROVAL.payload,
      response: null,
    })
    expect(message.review).not.toHaveProperty('expiresInSeconds')
    const expiresAt = Date.parse(message.review!.expiresAt)
    expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * HOUR)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR)
    const row = await world.server.services.db.read((tx) =>
      tx.message.findUniqueOrThrow({ where: { id: message.id } }),
    )
    expect(row).toMatchObject({ reviewType: 'approval', reviewStatus: 'pending' })
    expect(row.reviewExpiresAt?.toISOString()).toBe(message.review!.expiresAt)
  })

  it('gives an approval without payload the Approve/Reject options', async () => {
    const reply = await create({ type: 'approval' })
    expect(reply.body.review.payload).toEqual({ options: DEFAULT_APPROVAL_OPTIONS })
  })

  it.each([
    [
      'approval with no options',
      { type: 'approval', payload: { options: [] } },
      ['review', 'payload', 'options'],
    ],
    [
      'selection without items',
      { type: 'selection', payload: { mode: 'single', items: [] } },
      ['review', 'payload', 'items'],
    ],
    ['selection without payload', { type: 'selection' }, ['review', 'payload']],
    [
      'form field of unknown type',
      { type: 'form', payload: { fields: [{ name: 'a', type: 'colour', label: 'A' }] } },
      ['review', 'payload', 'fields', 0, 'type'],
    ],
    [
      'select field without options',
      { type: 'form', payload: { fields: [{ name: 'a', type: 'select', label: 'A' }] } },
      ['review', 'payload', 'fields', 0, 'options'],
    ],
    ['unknown review type', { type: 'vote' }, ['review', 'type']],
  ])('refuses %s with 400 and the failing path', async (_, review, path) => {
    const reply = await create(review)
    expect(reply.status).toBe(400)
    expect(reply.body.errors.map((error: { path: unknown }) => error.path)).toContainEqual(path)
  })

  it.each([
    ['zero', { expiresInSeconds: 0 }, 'expiresInSeconds'],
    ['negative', { expiresInSeconds: -5 }, 'expiresInSeconds'],
    ['fractional', { expiresInSeconds: 1.5 }, 'expiresInSeconds'],
    ['a string', { expiresInSeconds: '60' }, 'expiresInSeconds'],
    ['an unparsable date', { expiresAt: 'next tuesday' }, 'expiresAt'],
    ['a past date', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
  ])('refuses an expiry that is %s with 400', async (_, expiry, field) => {
    const reply = await create({ ...APPROVAL, ...expiry })
    expect(reply.status).toBe(400)
    expect(reply.body.errors[0].path).toEqual(['review', field])
  })

  it('takes expiresInSeconds before expiresAt, and caps both at 36 h', async () => {
    const now = Date.now()
    const inSeconds = await create({
      ...APPROVAL,
      expiresInSeconds: 600,
      expiresAt: '2020-01-01T00:00:00Z',
    })
    expect(Date.parse(inSeconds.body.review.expiresAt)).toBeGreaterThanOrEqual(now + 600_000)
    expect(Date.parse(inSeconds.body.review.expiresAt)).toBeLessThan(now + 700_000)
    const farAt = await create({ ...APPROVAL, expiresAt: new Date(now + 100 * HOUR).toISOString() })
    expect(Date.parse(farAt.body.review.expiresAt)).toBeLessThanOrEqual(Date.now() + 36 * HOUR)
    expect(Date.parse(farAt.body.review.expiresAt)).toBeGreaterThanOrEqual(now + 36 * HOUR)
    const farIn = await create({ ...APPROVAL, expiresInSeconds: 1_000_000 })
    expect(Date.parse(farIn.body.review.expiresAt)).toBeLessThanOrEqual(Date.now() + 36 * HOUR)
    const exact = new Date(now + 2 * HOUR).toISOString()
    expect((await create({ ...APPROVAL, expiresAt: exact })).body.review.expiresAt).toBe(exact)
  })
})

describe('agent review reads (spec 2.2)', () => {
  it("lists pending reviews newest first, per channel or across the key's channels", async () => {
    const other = await createAgent(world.owner, 'Second reviewer')
    const a = await postReview(world.owner, other.id)
    const b = await postReview(world.owner, other.id)
    const answered = await postReview(world.owner, other.id)
    await respond(world.owner, answered.id, { response: { selectedOption: 'approve' } })
    await postMessage(world.owner, { channelId: other.id, text: 'no review' })
    const pending = await world.owner.get(`/api/v1/reviews/pending?channel=${other.id}`)
    expect(pending.status).toBe(200)
    expect(pending.body.map((message: Message) => message.id)).toEqual([b.id, a.id])
    const everywhere = await world.owner.get('/api/v1/reviews/pending')
    const ids = everywhere.body.map((message: Message) => message.id)
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]))
    expect(ids).not.toContain(answered.id)
    expect(everywhere.body.every((message: Message) => message.review?.status === 'pending')).toBe(
      true,
    )
  })

  it('reads one review, with 404 "Message not found" and "No review on this message"', async () => {
    const review = await postReview(world.owner, world.channelId)
    const read = await world.owner.get(`/api/v1/reviews/${review.id}?channel=${world.channelId}`)
    expect(read.status).toBe(200)
    expect(read.body.review.status).toBe('pending')
    const missing = await world.owner.get('/api/v1/reviews/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('Message not found')
    const plain = await postMessage(world.owner, { channelId: world.channelId, text: 'plain' })
    const noReview = await world.owner.get(`/api/v1/reviews/${plain.id}`)
    expect(noReview.status).toBe(404)
    expect(noReview.body.message).toBe('No review on this message')
  })
})

describe('answering (spec 3.5, 9.2.1)', () => {
  it('completes the review, records who answered and when, and announces the raw answer with the agent', async () => {
    const review = await postReview(world.owner, world.channelId)
    const reply = await respond(world.owner, review.id, {
      response: { selectedOption: 'approve', comment: 'Go ahead' },
      feedback: 'nice',
    })
    expect(reply.status).toBe(201)
    const me = (await world.owner.get('/api/auth/me')).body.user
    expect(reply.body.review).toMatchObject({
      status: 'completed',
      response: { selectedOption: 'approve', comment: 'Go ahead' },
      feedback: 'nice',
      modifiedFileIds: null,
      respondedBy: { id: me.id, name: me.displayName },
    })
    expect(reply.body.review.completedAt).toBe(reply.body.review.completed_at)
    expect(reply.body.agent).toMatchObject({ id: world.channelId, name: 'Reviewer bot' })
    const [event] = world.recorder.of('review:responded', review.id)
    expect(event?.channelId).toBe(world.channelId)
    expect(event?.payload).toMatchObject({
      id: review.id,
      review: { status: 'completed', response: { selectedOption: 'approve' } },
      agent: { id: world.channelId },
    })
    expect((await world.owner.get(`/api/v1/reviews/${review.id}`)).body.review.status).toBe(
      'completed',
    )
  })

  it("masks the agent's webhook password in the answer and in the event", async () => {
    const agent = await createAgent(world.owner, 'With secrets')
    const patched = await world.owner.patch(`/api/v1/agents/${agent.id}`, {
      webhookAuth: { username: 'bot', password: 'hunter2' },
    })
    expect(patched.status).toBe(200)
    const review = await postReview(world.owner, agent.id)
    const reply = await respond(world.owner, review.id, { response: { selectedOption: 'approve' } })
    expect(reply.body.agent.webhookAuth).toEqual({ username: 'bot', password: '***' })
    expect(JSON.stringify(world.recorder.of('review:responded', review.id))).not.toContain(
      'hunter2',
    )
  })

  it('keeps modifiedFileIds when some are given', async () => {
    const review = await postReview(world.owner, world.channelId)
    const reply = await respond(world.owner, review.id, {
      response: { selectedOption: 'approve' },
      modifiedFileIds: { orig: 'edited' },
    })
    expect(reply.body.review.modifiedFileIds).toEqual({ orig: 'edited' })
  })

  it("redacts password answers on every read path except the agent's own single reads", async () => {
    const form = await postReview(world.owner, world.channelId, PASSWORD_FORM)
    const answer = { user: 'ann', token: 'tok-123' }
    const reply = await respond(world.owner, form.id, { response: answer })
    expect(reply.body.review.response).toEqual({ user: 'ann', token: REDACTED })
    expect((await world.owner.get(`/api/messages/${form.id}`)).body.review.response.token).toBe(
      REDACTED,
    )
    const inbox = await world.owner.get(
      `/api/messages/reviews?status=completed&channel=${world.channelId}`,
    )
    expect(
      inbox.body.find((message: Message) => message.id === form.id).review.response.token,
    ).toBe(REDACTED)
    const chat = await world.owner.get(`/api/messages?channel=${world.channelId}`)
    expect(
      chat.body.data.find((message: Message) => message.id === form.id).review.response.token,
    ).toBe(REDACTED)
    const agentList = await world.owner.get(`/api/v1/messages?channel=${world.channelId}`)
    expect(
      agentList.body.data.find((message: Message) => message.id === form.id).review.response.token,
    ).toBe(REDACTED)
    const chain = await world.owner.get(`/api/v1/messages/iterations/${form.id}`)
    expect(chain.body.iterations[0].review.response.token).toBe(REDACTED)
    // The agent asked for it: its own reads and the wait result are raw, and so is the event.
    expect((await world.owner.get(`/api/v1/messages/${form.id}`)).body.review.response).toEqual(
      answer,
    )
    expect((await world.owner.get(`/api/v1/reviews/${form.id}`)).body.review.response).toEqual(
      answer,
    )
    expect(
      (await world.owner.get(`/api/v1/reviews/${form.id}/wait`)).body.message.review.response,
    ).toEqual(answer)
    expect(
      (world.recorder.of('review:responded', form.id)[0]?.payload as Message).review?.response,
    ).toEqual(answer)
  })
})

describe('cancelling (ours, spec 9.2.3)', () => {
  it('cancels a pending review, announces it, and refuses answers afterwards with 409', async () => {
    const review = await postReview(world.owner, world.channelId)
    const cancelled = await world.owner.post(
      `/api/v1/reviews/${review.id}/cancel?channel=${world.channelId}`,
    )
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.review).toMatchObject({ status: 'cancelled' })
    expect(cancelled.body.review.cancelledAt).toEqual(expect.any(String))
    const [event] = world.recorder.of('review:cancelled', review.id)
    expect(event?.payload).toMatchObject({ messageId: review.id, channelId: world.channelId })
    const answer = await respond(world.owner, review.id, {
      response: { selectedOption: 'approve' },
    })
    expect(answer.status).toBe(409)
    expect(answer.body).toMatchObject({
      statusCode: 409,
      message: 'Review is not pending',
      status: 'cancelled',
    })
    expect((await world.owner.get(`/api/v1/reviews/${review.id}/wait`)).body).toMatchObject({
      status: 'cancelled',
      message: { id: review.id },
    })
    expect(
      (await world.owner.get('/api/v1/reviews/pending')).body.map((message: Message) => message.id),
    ).not.toContain(review.id)
  })

  it('refuses to cancel a review that is no longer pending with 409 and its status', async () => {
    const review = await postReview(world.owner, world.channelId)
    await respond(world.owner, review.id, { response: { selectedOption: 'reject' } })
    const reply = await world.owner.post(`/api/v1/reviews/${review.id}/cancel`)
    expect(reply.status).toBe(409)
    expect(reply.body).toMatchObject({ message: 'Review is not pending', status: 'completed' })
    const again = await postReview(world.owner, world.channelId)
    await world.owner.post(`/api/v1/reviews/${again.id}/cancel`)
    expect((await world.owner.post(`/api/v1/reviews/${again.id}/cancel`)).body.status).toBe(
      'cancelled',
    )
    expect(world.recorder.of('review:cancelled', again.id)).toHaveLength(1)
  })

  it('answers 404 for a message without a review or an unknown id', async () => {
    const plain = await postMessage(world.owner, { channelId: world.channelId, text: 'x' })
    expect((await world.owner.post(`/api/v1/reviews/${plain.id}/cancel`)).body.message).toBe(
      'No review on this message',
    )
    expect((await world.owner.post('/api/v1/reviews/unknown/cancel')).status).toBe(404)
  })

  it('lets exactly one of concurrent answers and cancels win', async () => {
    const review = await postReview(world.owner, world.channelId)
    const replies = await Promise.all([
      respond(world.owner, review.id, { response: { selectedOption: 'approve' } }),
      world.owner.post(`/api/v1/reviews/${review.id}/cancel`),
      respond(world.owner, review.id, { response: { selectedOption: 'reject' } }),
      world.owner.post(`/api/v1/reviews/${review.id}/cancel`),
    ])
    const wins = replies.filter((reply) => reply.status === 200 || reply.status === 201)
    expect(wins).toHaveLength(1)
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(3)
    const events = [
      ...world.recorder.of('review:responded', review.id),
      ...world.recorder.of('review:cancelled', review.id),
    ]
    expect(events).toHaveLength(1)
  })
})

describe('the dashboard inbox: GET /api/messages/reviews (spec 3.5)', () => {
  let inboxChannel: string
  const created: string[] = []

  beforeAll(async () => {
    inboxChannel = (await createAgent(world.owner, 'Inbox source')).id
    for (let n = 0; n < 5; n++)
      created.push(
        (await postReview(world.owner, inboxChannel, APPROVAL, { text: `inbox ${n}` })).id,
      )
    await respond(world.owner, created[1]!, { response: { selectedOption: 'approve' } })
    await world.owner.post(`/api/v1/reviews/${created[2]}/cancel`)
  })

  it('filters by status and channel, newest first, as a plain array', async () => {
    const pending = await world.owner.get(
      `/api/messages/reviews?status=pending&channel=${inboxChannel}`,
    )
    expect(pending.status).toBe(200)
    expect(Array.isArray(pending.body)).toBe(true)
    expect(pending.body.map((message: Message) => message.id)).toEqual([
      created[4],
      created[3],
      created[0],
    ])
    const completed = await world.owner.get(
      `/api/messages/reviews?status=completed&channel=${inboxChannel}`,
    )
    expect(completed.body.map((message: Message) => message.id)).toEqual([created[1]])
    const cancelled = await world.owner.get(
      `/api/messages/reviews?status=cancelled&channel=${inboxChannel}`,
    )
    expect(cancelled.body.map((message: Message) => message.id)).toEqual([created[2]])
    const all = await world.owner.get(`/api/messages/reviews?status=all&channel=${inboxChannel}`)
    expect(all.body.map((message: Message) => message.id)).toEqual([...created].reverse())
    const missing = await world.owner.get(`/api/messages/reviews?channel=${inboxChannel}`)
    expect(missing.body).toHaveLength(5)
  })

  it('pages with the X-Next-Cursor header', async () => {
    const first = await world.owner.get(
      `/api/messages/reviews?status=all&channel=${inboxChannel}&limit=2`,
    )
    expect(first.body.map((message: Message) => message.id)).toEqual([created[4], created[3]])
    const cursor = first.headers.get('x-next-cursor')
    expect(cursor).toBe(created[3])
    const second = await world.owner.get(
      `/api/messages/reviews?status=all&channel=${inboxChannel}&limit=2&cursor=${cursor}`,
    )
    expect(second.body.map((message: Message) => message.id)).toEqual([created[2], created[1]])
    const third = await world.owner.get(
      `/api/messages/reviews?status=all&channel=${inboxChannel}&limit=2&cursor=${second.headers.get('x-next-cursor')}`,
    )
    expect(third.body.map((message: Message) => message.id)).toEqual([created[0]])
    expect(third.headers.get('x-next-cursor')).toBeNull()
  })

  it("spans all of the user's channels, and nobody else's", async () => {
    const everything = await world.owner.get('/api/messages/reviews?status=pending&limit=100')
    const ids = everything.body.map((message: Message) => message.id)
    expect(ids).toEqual(expect.arrayContaining([created[0], created[3], created[4]]))
    const stranger = await memberClient(world.server)
    await postReview(stranger, (await createAgent(stranger, 'Theirs')).id)
    expect((await stranger.get('/api/messages/reviews?status=all')).body).toHaveLength(1)
    expect((await stranger.get(`/api/messages/reviews?channel=${inboxChannel}`)).status).toBe(403)
  })
})

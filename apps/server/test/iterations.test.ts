import { IterationChain, type Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import {
  APPROVAL,
  createAgent,
  postMessage,
  postReview,
  respond,
  useAgentServer,
} from './messaging-fixtures.ts'

const world = useAgentServer('Reviser')

/** A review the person has already answered: something a revision may follow. */
async function answeredReview(text = 'Draft v1'): Promise<Message> {
  const review = await postReview(world.owner, world.channelId, APPROVAL, { text })
  expect(
    (
      await respond(world.owner, review.id, {
        response: { selectedOption: 'reject', comment: 'tighten it' },
      })
    ).status,
  ).toBe(201)
  return review
}

const revise = (iterationOf: string, text: string) =>
  world.owner.post('/api/v1/messages', {
    channelId: world.channelId,
    text,
    review: APPROVAL,
    iterationOf,
  })

describe('iteration chains (spec 1.7)', () => {
  it('numbers revisions 2, 3… and back-fills the root as iteration 1', async () => {
    const root = await answeredReview()
    const second = await revise(root.id, 'Draft v2')
    expect(second.status).toBe(201)
    expect(second.body).toMatchObject({ iterationGroupId: root.id, iteration: 2 })
    const rootNow = await world.owner.get(`/api/v1/messages/${root.id}`)
    expect(rootNow.body).toMatchObject({ iterationGroupId: root.id, iteration: 1 })
    // The root's change is announced like any other.
    expect(world.recorder.of('message:updated', root.id).at(-1)?.payload).toMatchObject({
      iteration: 1,
      iterationGroupId: root.id,
    })

    // Revising an older member still appends at the end of the chain.
    await world.owner.post(`/api/v1/reviews/${second.body.id}/cancel`)
    const third = await revise(root.id, 'Draft v3')
    expect(third.body).toMatchObject({ iterationGroupId: root.id, iteration: 3 })

    const chain = await world.owner.get(
      `/api/v1/messages/iterations/${second.body.id}?channel=${world.channelId}`,
    )
    expect(chain.status).toBe(200)
    expect(IterationChain.parse(chain.body).groupId).toBe(root.id)
    expect(
      chain.body.iterations.map((message: Message) => [message.iteration, message.text]),
    ).toEqual([
      [1, 'Draft v1'],
      [2, 'Draft v2'],
      [3, 'Draft v3'],
    ])
    const dashboard = await world.owner.get(`/api/messages/${third.body.id}/iterations`)
    expect(dashboard.body.iterations.map((message: Message) => message.id)).toEqual([
      root.id,
      second.body.id,
      third.body.id,
    ])
  })

  it('follows expired and cancelled reviews too', async () => {
    const cancelled = await postReview(world.owner, world.channelId)
    await world.owner.post(`/api/v1/reviews/${cancelled.id}/cancel`)
    expect((await revise(cancelled.id, 'after cancel')).body.iteration).toBe(2)
    const expiring = await postReview(world.owner, world.channelId)
    await world.server.services.db.transaction((tx) =>
      tx.message.update({ where: { id: expiring.id }, data: { reviewStatus: 'expired' } }),
    )
    expect((await revise(expiring.id, 'after expiry')).body.iteration).toBe(2)
  })

  it('refuses a revision of a pending review, of a plain message, of another channel or of nothing', async () => {
    const pending = await postReview(world.owner, world.channelId)
    const plain = await postMessage(world.owner, { channelId: world.channelId, text: 'no review' })
    const otherChannel = (await createAgent(world.owner, 'Other')).id
    const foreign = await postReview(world.owner, otherChannel)
    await respond(world.owner, foreign.id, { response: { selectedOption: 'approve' } })
    for (const target of [pending.id, plain.id, foreign.id, 'missing-id']) {
      const reply = await revise(target, 'nope')
      expect(reply.status, target).toBe(400)
      expect(reply.body.errors[0].path).toEqual(['iterationOf'])
    }
  })

  it('gives concurrent revisions distinct numbers (the unique index and the group lock)', async () => {
    const root = await answeredReview('Concurrent root')
    const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => revise(root.id, `parallel ${n}`)))
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201, 201, 201])
    expect(replies.map((reply) => reply.body.iteration).sort()).toEqual([2, 3, 4, 5, 6])
  })

  it('reads a lone message as a chain of one, and answers 404 outside the channel', async () => {
    const lone = await postMessage(world.owner, { channelId: world.channelId, text: 'alone' })
    const chain = await world.owner.get(`/api/v1/messages/iterations/${lone.id}`)
    expect(chain.body).toMatchObject({ groupId: lone.id, iterations: [{ id: lone.id }] })
    const otherChannel = (await createAgent(world.owner, 'Elsewhere')).id
    expect(
      (await world.owner.get(`/api/v1/messages/iterations/${lone.id}?channel=${otherChannel}`))
        .status,
    ).toBe(404)
    expect((await world.owner.get('/api/v1/messages/iterations/missing')).status).toBe(404)
  })

  it('refuses to delete a member of a chain with others, and deletes a lone message', async () => {
    const root = await answeredReview('Keep me')
    const revision = await revise(root.id, 'Keep me too')
    for (const id of [root.id, revision.body.id]) {
      const reply = await world.owner.delete(`/api/v1/messages/${id}`)
      expect(reply.status).toBe(400)
      expect(reply.body.message).toMatch(/iteration chain/)
    }
    const lone = await answeredReview('Alone')
    expect((await world.owner.delete(`/api/v1/messages/${lone.id}`)).body).toEqual({
      deleted: true,
    })
  })

  it('returns the first revision again for a retried clientId', async () => {
    const root = await answeredReview('Idempotent root')
    const body = {
      channelId: world.channelId,
      text: 'v2',
      review: APPROVAL,
      iterationOf: root.id,
      clientId: 'rev-retry',
    }
    const first = await world.owner.post('/api/v1/messages', body)
    const again = await world.owner.post('/api/v1/messages', body)
    expect(again.body.id).toBe(first.body.id)
    expect(again.body.iteration).toBe(2)
  })
})

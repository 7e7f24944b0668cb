import { PlacetClient, PlacetError, PlacetRealtime } from '@placet/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { ownerClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let person: TestClient
let placet: PlacetClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  person = await ownerClient(server)
  placet = new PlacetClient({ baseUrl: server.url, apiKey: person.apiKey! })
  channelId = (await placet.createAgent({ name: 'sdk agent' })).id
})
afterAll(() => server.destroy())

describe('@placet/sdk against a real server', () => {
  it('sends an approval and waits for the answer over long-poll', async () => {
    const message = await placet.sendMessage({
      channelId,
      text: 'Deploy?',
      review: { type: 'approval' },
    })
    expect(message.review).toMatchObject({ type: 'approval', status: 'pending' })
    const waiting = placet.waitForReview(message.id, { channelId })
    await person.post(`/api/messages/${message.id}/respond`, {
      response: { selectedOption: 'approve' },
    })
    const outcome = await waiting
    expect(outcome.status).toBe('completed')
    expect(outcome.status === 'completed' && outcome.message.review?.response).toEqual({
      selectedOption: 'approve',
    })
  })

  it('throws PlacetError with the parsed body', async () => {
    const error = await placet
      .getMessage('no-such-message', channelId)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlacetError)
    expect((error as PlacetError).statusCode).toBe(404)
    expect((error as PlacetError).body?.message).toBe('Message not found')
  })

  it('resumes a dropped socket without losing or repeating an answer', async () => {
    const realtime = new PlacetRealtime({
      baseUrl: server.url,
      apiKey: person.apiKey!,
      socketOptions: { reconnection: false },
    })
    const answers: string[] = []
    realtime.on('review:responded', (message) => answers.push(message.id))
    await realtime.subscribe(channelId)
    const subscribedAt = realtime.lastSeqOf(channelId)!

    const live = await placet.sendMessage({
      channelId,
      text: 'live?',
      review: { type: 'approval' },
    })
    await person.post(`/api/messages/${live.id}/respond`, {
      response: { selectedOption: 'approve' },
    })
    await expect.poll(() => answers).toEqual([live.id])

    realtime.socket.disconnect()
    const missed = []
    for (const text of ['a?', 'b?']) {
      const message = await placet.sendMessage({ channelId, text, review: { type: 'approval' } })
      await person.post(`/api/messages/${message.id}/respond`, {
        response: { selectedOption: 'reject' },
      })
      missed.push(message.id)
    }
    realtime.socket.connect()
    await expect.poll(() => answers).toEqual([live.id, ...missed])

    // Subscribing again from an older position replays events the listener already had.
    const again = await realtime.subscribe(channelId, subscribedAt)
    expect(again.ok && again.replayed).toBeGreaterThanOrEqual(3)
    expect(answers).toEqual([live.id, ...missed])
    realtime.close()
  })
})

import { MessageStatusEvent } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import {
  eventually,
  memberClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
import { createAgent, postMessage, useAgentServer } from './messaging-fixtures.ts'

// Drafts go stale after 1 s here, so the clean-up job can be watched at work.
const world = useAgentServer('Streamer', { STREAM_STALE_AFTER: '1s' })

const patch = (streamId: string, body: Record<string, unknown>) =>
  world.owner.patch(`/api/v1/messages/streams/${streamId}`, { channelId: world.channelId, ...body })

describe('streamed replies (spec 2.1)', () => {
  it('starts a draft, updates it with the full text so far, and completes it', async () => {
    const draft = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'Hel',
      streamId: 'turn-1',
      streamState: 'streaming',
    })
    expect(draft).toMatchObject({ streamId: 'turn-1', streamState: 'streaming', text: 'Hel' })
    const growing = await patch('turn-1', { text: 'Hello wor' })
    expect(growing.status).toBe(200)
    expect(growing.body).toMatchObject({
      id: draft.id,
      text: 'Hello wor',
      streamState: 'streaming',
    })
    const done = await patch('turn-1', { text: 'Hello world', complete: true })
    expect(done.body).toMatchObject({ id: draft.id, text: 'Hello world', streamState: 'complete' })
    const updates = world.recorder.of('message:updated', draft.id)
    expect(updates.map((event) => (event.payload as { text: string }).text)).toEqual([
      'Hello wor',
      'Hello world',
    ])
    expect(updates[1]?.payload).toMatchObject({ streamState: 'complete', agentName: 'Streamer' })
  })

  it('returns the existing draft for a repeated first POST and never overwrites it', async () => {
    const first = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'first words',
      streamId: 'turn-2',
      streamState: 'streaming',
    })
    const repeated = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'other words',
      streamId: 'turn-2',
      streamState: 'streaming',
    })
    expect(repeated).toMatchObject({ id: first.id, text: 'first words' })
    const complete = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'final',
      streamId: 'turn-2',
      streamState: 'complete',
    })
    expect(complete).toMatchObject({ id: first.id, text: 'first words', streamState: 'streaming' })
    expect(world.recorder.of('message:created', first.id)).toHaveLength(1)
    const parallel = await Promise.all(
      [1, 2, 3].map(() =>
        postMessage(world.owner, {
          channelId: world.channelId,
          text: 'x',
          streamId: 'turn-race',
          streamState: 'streaming',
        }),
      ),
    )
    expect(new Set(parallel.map((message) => message.id)).size).toBe(1)
  })

  it('aborts a draft through a repeated POST that says aborted, replacing its text', async () => {
    const draft = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'partial',
      streamId: 'turn-3',
      streamState: 'streaming',
    })
    const aborted = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'partial (cancelled)',
      streamId: 'turn-3',
      streamState: 'aborted',
    })
    expect(aborted).toMatchObject({
      id: draft.id,
      text: 'partial (cancelled)',
      streamState: 'aborted',
    })
    expect(world.recorder.of('message:updated', draft.id)).toHaveLength(1)
  })

  it('aborts a draft through PATCH streamState aborted', async () => {
    const draft = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'a',
      streamId: 'turn-4',
      streamState: 'streaming',
    })
    const aborted = await patch('turn-4', { text: 'ab', streamState: 'aborted' })
    expect(aborted.body).toMatchObject({ id: draft.id, text: 'ab', streamState: 'aborted' })
  })

  it('keeps a finished reply final: a repeated PATCH gets it back unchanged', async () => {
    await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'x',
      streamId: 'turn-5',
      streamState: 'streaming',
    })
    const done = await patch('turn-5', { text: 'final answer', complete: true })
    const retried = await patch('turn-5', { text: 'rewritten later', complete: true })
    expect(retried.status).toBe(200)
    expect(retried.body).toMatchObject({
      id: done.body.id,
      text: 'final answer',
      streamState: 'complete',
    })
    expect(world.recorder.of('message:updated', done.body.id)).toHaveLength(1)
  })

  it('answers 404 without a draft, 403 for a foreign channel and 400 for a bad body', async () => {
    const missing = await patch('no-such-turn', { text: 'x' })
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('No streaming draft for this (channelId, streamId)')
    const stranger = await memberClient(world.server)
    const foreign = await stranger.patch('/api/v1/messages/streams/turn-1', {
      channelId: world.channelId,
      text: 'hijack',
    })
    expect(foreign.status).toBe(403)
    expect(foreign.body.message).toBe('Not your agent')
    const noText = await patch('turn-1', {})
    expect(noText.status).toBe(400)
    expect(noText.body.errors[0].path).toEqual(['text'])
    const badState = await patch('turn-1', { text: 'x', streamState: 'complete' })
    expect(badState.status).toBe(400)
  })
})

describe('status steps of a turn (spec 1.9)', () => {
  it('numbers steps from 0 with 201, even before the draft exists, and announces message:status', async () => {
    const first = await world.owner.post('/api/v1/messages/streams/turn-steps/status', {
      channelId: world.channelId,
      text: 'Thinking',
    })
    expect(first.status).toBe(201)
    expect(MessageStatusEvent.parse(first.body)).toMatchObject({
      channelId: world.channelId,
      streamId: 'turn-steps',
      index: 0,
      text: 'Thinking',
      toolHint: false,
    })
    const second = await world.owner.post('/api/v1/messages/streams/turn-steps/status', {
      channelId: world.channelId,
      text: 'grep -r',
      toolHint: true,
    })
    expect(second.body).toMatchObject({ index: 1, toolHint: true })
    const [event] = world.recorder.events.filter(
      (logged) =>
        logged.type === 'message:status' &&
        (logged.payload as { id: string }).id === second.body.id,
    )
    expect(event?.payload).toMatchObject({ index: 1, streamId: 'turn-steps', text: 'grep -r' })
  })

  it('gives concurrent steps distinct consecutive indexes', async () => {
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        world.owner.post('/api/v1/messages/streams/turn-busy/status', {
          channelId: world.channelId,
          text: `step ${n}`,
        }),
      ),
    )
    expect(replies.every((reply) => reply.status === 201)).toBe(true)
    expect(replies.map((reply) => reply.body.index).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ])
  })

  it('refuses an empty step and a foreign channel', async () => {
    expect(
      (
        await world.owner.post('/api/v1/messages/streams/turn-steps/status', {
          channelId: world.channelId,
          text: '',
        })
      ).status,
    ).toBe(400)
    const stranger = await memberClient(world.server)
    expect(
      (
        await stranger.post('/api/v1/messages/streams/turn-steps/status', {
          channelId: world.channelId,
          text: 'x',
        })
      ).status,
    ).toBe(403)
  })
})

describe('stale drafts (spec 2.1)', () => {
  it('aborts a draft nobody updates for STREAM_STALE_AFTER and announces it', async () => {
    const draft = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'left hanging',
      streamId: 'turn-stale',
      streamState: 'streaming',
    })
    const aborted = await eventually(
      async () => (await world.owner.get(`/api/v1/messages/${draft.id}`)).body,
      (message) => message.streamState === 'aborted',
      'the stale draft to be aborted',
    )
    expect(aborted.text).toBe('left hanging')
    const [event] = world.recorder.of('message:updated', draft.id)
    expect(event?.payload).toMatchObject({ streamState: 'aborted', agentName: 'Streamer' })
  })
})

describe('an updated draft is not stale (spec 2.1), on a clock the test drives', () => {
  const HOUR = 3_600_000
  it('measures staleness from the last update, not from the start', async () => {
    // An hour-long window, so the server's own job never fires during the test: the sweep runs
    // only when the test calls it, at the time it names.
    const server = await startTestServer({ STREAM_STALE_AFTER: '1h' })
    try {
      const client = await ownerClient(server)
      const agent = await createAgent(client, 'Slow streamer')
      const start = (streamId: string) =>
        postMessage(client, {
          channelId: agent.id,
          text: 'begun',
          streamId,
          streamState: 'streaming',
        })
      const updated = await start('kept-alive')
      const idle = await start('left-alone')
      // Both began 50 minutes ago...
      const began = new Date(Date.now() - 50 * 60_000)
      await server.services.db.transaction((tx) =>
        tx.message.updateMany({
          where: { id: { in: [updated.id, idle.id] } },
          data: { createdAt: began, updatedAt: began },
        }),
      )
      // ...and one of them was updated just now.
      const reply = await client.patch('/api/v1/messages/streams/kept-alive', {
        channelId: agent.id,
        text: 'begun, and more',
      })
      expect(reply.body.streamState).toBe('streaming')
      const streamStateOf = async (id: string) =>
        (await client.get(`/api/v1/messages/${id}`)).body.streamState as string

      // 15 minutes on: an hour since both began, well under one since the update.
      await server.services.streams.abortStaleDrafts(new Date(Date.now() + 15 * 60_000))
      expect(await streamStateOf(idle.id)).toBe('aborted')
      expect(await streamStateOf(updated.id)).toBe('streaming')

      // An hour and a minute after the update, it is stale too.
      await server.services.streams.abortStaleDrafts(new Date(Date.now() + HOUR + 60_000))
      expect(await streamStateOf(updated.id)).toBe('aborted')
    } finally {
      await server.destroy()
    }
  })
})

describe('drafts left by a previous process (spec 2.1)', () => {
  it('aborts drafts older than 60 s at start-up, silently, and keeps fresher ones', async () => {
    const restartable = await startTestServer({ STREAM_STALE_AFTER: '1h' })
    let running: TestServer = restartable
    try {
      const client = await ownerClient(running)
      const agent = await createAgent(client, 'Crashed')
      const old = await postMessage(client, {
        channelId: agent.id,
        text: 'old',
        streamId: 'old',
        streamState: 'streaming',
      })
      const fresh = await postMessage(client, {
        channelId: agent.id,
        text: 'fresh',
        streamId: 'fresh',
        streamState: 'streaming',
      })
      await running.services.db.transaction((tx) =>
        tx.message.update({
          where: { id: old.id },
          data: { updatedAt: new Date(Date.now() - 120_000) },
        }),
      )
      const eventsBefore = await running.services.db.read((tx) => tx.event.count())
      running = await running.restart()
      const reader = await ownerClient(running)
      expect((await reader.get(`/api/v1/messages/${old.id}`)).body.streamState).toBe('aborted')
      expect((await reader.get(`/api/v1/messages/${fresh.id}`)).body.streamState).toBe('streaming')
      const eventsAfter = await running.services.db.read((tx) =>
        tx.event.count({ where: { type: 'message:updated' } }),
      )
      expect(eventsAfter).toBe(0)
      expect(await running.services.db.read((tx) => tx.event.count())).toBe(eventsBefore)
    } finally {
      await running.destroy()
    }
  })
})

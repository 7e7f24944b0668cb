import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Message, MessagePage, REDACTED } from '@placet/protocol'
import { beforeAll, describe, expect, it } from 'vitest'
import { memberClient } from './harness.ts'
import {
  APPROVAL,
  PASSWORD_FORM,
  createAgent,
  createOrphanAttachment,
  postMessage,
  postReview,
  respond,
  useAgentServer,
} from './messaging-fixtures.ts'

const world = useAgentServer('Messenger')

describe('POST /api/v1/messages (spec 2.1)', () => {
  it('creates a text message with 201 and announces it with agentName', async () => {
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'Hello **world**',
      status: 'success',
    })
    expect(Message.parse(message)).toMatchObject({
      channelId: world.channelId,
      senderType: 'agent',
      senderId: world.channelId,
      text: 'Hello **world**',
      status: 'success',
      review: null,
      metadata: null,
      deliveryStatus: 'sent',
      iterationGroupId: null,
      iteration: null,
      streamState: null,
      attachments: [],
    })
    const [created] = world.recorder.of('message:created', message.id)
    expect(created?.payload).toMatchObject({
      id: message.id,
      text: 'Hello **world**',
      agentName: 'Messenger',
    })
    expect(created?.channelId).toBe(world.channelId)
  })

  it('accepts a status colour alone, and refuses a message with nothing in it', async () => {
    expect(
      (await postMessage(world.owner, { channelId: world.channelId, status: 'warning' })).status,
    ).toBe('warning')
    const empty = await world.owner.post('/api/v1/messages', { channelId: world.channelId })
    expect(empty.status).toBe(400)
    expect(empty.body.message).toBe('Validation failed')
    expect(
      (
        await world.owner.post('/api/v1/messages', {
          channelId: world.channelId,
          attachmentIds: [],
          textAttachments: [],
        })
      ).status,
    ).toBe(400)
  })

  it('answers 403 "Not your agent", 404 for an unknown channel and 400 without channelId', async () => {
    const stranger = await memberClient(world.server)
    const theirs = await createAgent(stranger, 'Theirs')
    const forbidden = await world.owner.post('/api/v1/messages', {
      channelId: theirs.id,
      text: 'hi',
    })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.message).toBe('Not your agent')
    expect(
      (await world.owner.post('/api/v1/messages', { channelId: 'nope', text: 'hi' })).status,
    ).toBe(404)
    const missing = await world.owner.post('/api/v1/messages', { text: 'hi' })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].path).toEqual(['channelId'])
  })

  it('stores webhookUrl as metadata.webhookUrl next to the given metadata', async () => {
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'x',
      metadata: { run: 7 },
      webhookUrl: 'https://93.184.216.34/hook',
    })
    expect(message.metadata).toEqual({ run: 7, webhookUrl: 'https://93.184.216.34/hook' })
  })

  it('refuses a per-message webhook or review callback pointing into the private network', async () => {
    const hook = await world.owner.post('/api/v1/messages', {
      channelId: world.channelId,
      text: 'x',
      webhookUrl: 'http://127.0.0.1:8080/hook',
    })
    expect(hook.status).toBe(400)
    expect(hook.body.errors[0].path).toEqual(['webhookUrl'])
    const callback = await world.owner.post('/api/v1/messages', {
      channelId: world.channelId,
      review: { ...APPROVAL, callback: { url: 'http://10.0.0.8/cb' } },
    })
    expect(callback.status).toBe(400)
    expect(callback.body.errors[0].path).toEqual(['review', 'callback', 'url'])
  })

  it('copies a freeform payload.plugin to metadata.plugin unless metadata already names one', async () => {
    const copied = await postReview(world.owner, world.channelId, {
      type: 'freeform',
      payload: { plugin: 'diff-viewer', diff: '+1' },
    })
    expect(copied.metadata).toEqual({ plugin: 'diff-viewer' })
    const kept = await postMessage(world.owner, {
      channelId: world.channelId,
      review: { type: 'freeform', payload: { plugin: 'diff-viewer' } },
      metadata: { plugin: 'custom' },
    })
    expect(kept.metadata).toEqual({ plugin: 'custom' })
  })

  it('links only orphan attachments of the same channel and ignores other ids', async () => {
    const other = await createAgent(world.owner, 'Other channel')
    const mine = await createOrphanAttachment(world.server, world.channelId, 'mine.pdf')
    const foreign = await createOrphanAttachment(world.server, other.id, 'foreign.pdf')
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'files',
      attachmentIds: [mine.id, foreign.id, 'missing'],
    })
    expect(message.attachments.map((file) => file.id)).toEqual([mine.id])
    expect(message.attachments[0]).toMatchObject({
      messageId: message.id,
      size: 1234,
      pluginType: '@uax/file',
      filename: 'mine.pdf',
    })
    // Already linked: a second message cannot take it over.
    const again = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'steal',
      attachmentIds: [mine.id],
    })
    expect(again.attachments).toEqual([])
  })

  it('stores textAttachments as files under DATA_DIR/files and inlines small text files', async () => {
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      textAttachments: [
        { content: '# Plan\n\nStep 1' },
        { content: 'a,b\n1,2', filename: 'data.csv', mimeType: 'text/csv' },
      ],
    })
    expect(message.attachments).toHaveLength(2)
    const [plan, csv] = message.attachments
    expect(plan).toMatchObject({
      filename: 'content.md',
      mimeType: 'text/markdown',
      textContent: '# Plan\n\nStep 1',
      size: 14,
    })
    expect(csv).toMatchObject({
      filename: 'data.csv',
      mimeType: 'text/csv',
      textContent: 'a,b\n1,2',
    })
    const onDisk = join(world.server.dataDir, 'files', plan!.storageKey)
    expect(readFileSync(onDisk, 'utf8')).toBe('# Plan\n\nStep 1')
    const read = await world.owner.get(`/api/v1/messages/${message.id}`)
    expect(read.body.attachments[0].textContent).toBe('# Plan\n\nStep 1')
  })

  it('does not inline text files above 64 KB', async () => {
    const big = 'x'.repeat(64 * 1024 + 1)
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      textAttachments: [{ content: big, filename: 'big.txt', mimeType: 'text/plain' }],
    })
    expect(message.attachments[0]!.size).toBe(big.length)
    expect(message.attachments[0]).not.toHaveProperty('textContent')
  })

  it('returns the first message for a retried clientId, unchanged, announcing it once', async () => {
    const first = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'once',
      clientId: 'retry-1',
    })
    const retried = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'different text',
      clientId: 'retry-1',
    })
    expect(retried.id).toBe(first.id)
    expect(retried.text).toBe('once')
    expect(world.recorder.of('message:created', first.id)).toHaveLength(1)
    const parallel = await Promise.all(
      [1, 2, 3, 4].map(() =>
        postMessage(world.owner, { channelId: world.channelId, text: 'race', clientId: 'race-1' }),
      ),
    )
    expect(new Set(parallel.map((message) => message.id)).size).toBe(1)
  })

  it('honours the legacy metadata.clientId', async () => {
    const first = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'legacy',
      metadata: { clientId: 'legacy-1' },
    })
    const again = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'legacy again',
      metadata: { clientId: 'legacy-1' },
    })
    expect(again.id).toBe(first.id)
    expect(first.clientId).toBe('legacy-1')
  })

  it('aborts a streaming draft when a clientId retry says aborted, replacing its text', async () => {
    const draft = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'partial',
      clientId: 'draft-1',
      streamId: 'turn-c1',
      streamState: 'streaming',
    })
    const aborted = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'partial, then gave up',
      clientId: 'draft-1',
      streamState: 'aborted',
    })
    expect(aborted).toMatchObject({
      id: draft.id,
      text: 'partial, then gave up',
      streamState: 'aborted',
    })
    const [updated] = world.recorder.of('message:updated', draft.id)
    expect(updated?.payload).toMatchObject({ streamState: 'aborted', agentName: 'Messenger' })
    // Over: a further aborted retry changes nothing.
    const later = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'nope',
      clientId: 'draft-1',
      streamState: 'aborted',
    })
    expect(later.text).toBe('partial, then gave up')
  })

  it('sorts a streamed reply at streamStartedAt', async () => {
    const startedAt = new Date(Date.now() - 5_000).toISOString()
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'late',
      streamId: 'turn-sorted',
      streamState: 'complete',
      streamStartedAt: startedAt,
    })
    expect(message.createdAt).toBe(startedAt)
  })
})

describe('GET /api/v1/messages (spec 2.0, 2.1)', () => {
  let listChannel: string
  const ids: string[] = []

  beforeAll(async () => {
    listChannel = (await createAgent(world.owner, 'Lister')).id
    for (const text of [
      'Alpha report',
      'beta NOTES',
      'Gamma 100% done',
      'delta',
      'EPSILON report',
    ]) {
      ids.push((await postMessage(world.owner, { channelId: listChannel, text })).id)
    }
  })

  it('pages newest first with nextCursor = the last id of a full page', async () => {
    const first = await world.owner.get(`/api/v1/messages?channel=${listChannel}&limit=2`)
    expect(first.status).toBe(200)
    const page = MessagePage.parse(first.body)
    expect(page.data.map((message) => message.id)).toEqual([ids[4], ids[3]])
    expect(page.nextCursor).toBe(ids[3])
    const second = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&limit=2&cursor=${page.nextCursor}`,
    )
    expect(second.body.data.map((message: Message) => message.id)).toEqual([ids[2], ids[1]])
    const last = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&limit=2&cursor=${second.body.nextCursor}`,
    )
    expect(last.body).toMatchObject({ nextCursor: null })
    expect(last.body.data.map((message: Message) => message.id)).toEqual([ids[0]])
    const all = await world.owner.get(`/api/v1/messages?channel=${listChannel}`)
    expect(all.body.data).toHaveLength(5)
    expect(all.body.nextCursor).toBeNull()
  })

  it('searches the text case-insensitively, wildcards taken literally', async () => {
    const report = await world.owner.get(`/api/v1/messages?channel=${listChannel}&search=RePoRt`)
    expect(report.body.data.map((message: Message) => message.text)).toEqual([
      'EPSILON report',
      'Alpha report',
    ])
    const notes = await world.owner.get(`/api/v1/messages?channel=${listChannel}&search=notes`)
    expect(notes.body.data.map((message: Message) => message.text)).toEqual(['beta NOTES'])
    const percent = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&search=${encodeURIComponent('0% d')}`,
    )
    expect(percent.body.data.map((message: Message) => message.text)).toEqual(['Gamma 100% done'])
    const underscore = await world.owner.get(`/api/v1/messages?channel=${listChannel}&search=_`)
    expect(underscore.body.data).toEqual([])
  })

  it('pages search results with the cursor too', async () => {
    const first = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&search=report&limit=1`,
    )
    expect(first.body.data.map((message: Message) => message.text)).toEqual(['EPSILON report'])
    expect(first.body.nextCursor).toBe(ids[4])
    const second = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&search=report&limit=1&cursor=${first.body.nextCursor}`,
    )
    expect(second.body.data.map((message: Message) => message.text)).toEqual(['Alpha report'])
    const third = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&search=report&limit=1&cursor=${second.body.nextCursor}`,
    )
    expect(third.body).toEqual({ data: [], nextCursor: null })
    expect(
      (await world.owner.get(`/api/v1/messages?channel=${listChannel}&search=report&cursor=bogus`))
        .status,
    ).toBe(400)
  })

  it('keeps only messages with files when has_attachments=true', async () => {
    const withFile = await postMessage(world.owner, {
      channelId: listChannel,
      textAttachments: [{ content: 'hi' }],
    })
    const listed = await world.owner.get(
      `/api/v1/messages?channel=${listChannel}&has_attachments=true`,
    )
    expect(listed.body.data.map((message: Message) => message.id)).toEqual([withFile.id])
    expect(listed.body.data[0].attachments[0].textContent).toBe('hi')
  })

  it('joins the status steps of each message by streamId', async () => {
    const streamId = 'turn-listed'
    await world.owner.post(`/api/v1/messages/streams/${streamId}/status`, {
      channelId: listChannel,
      text: 'Reading files',
      toolHint: true,
    })
    await world.owner.post(`/api/v1/messages/streams/${streamId}/status`, {
      channelId: listChannel,
      text: 'Writing answer',
    })
    const reply = await postMessage(world.owner, {
      channelId: listChannel,
      text: 'Done',
      streamId,
      streamState: 'complete',
    })
    const listed = await world.owner.get(`/api/v1/messages?channel=${listChannel}&limit=1`)
    expect(listed.body.data[0].id).toBe(reply.id)
    expect(
      listed.body.data[0].statusEvents.map((step: { index: number; text: string }) => [
        step.index,
        step.text,
      ]),
    ).toEqual([
      [0, 'Reading files'],
      [1, 'Writing answer'],
    ])
    const plain = await world.owner.get(`/api/v1/messages?channel=${listChannel}&search=delta`)
    expect(plain.body.data[0].statusEvents).toEqual([])
  })

  it('redacts password answers in the list but not in the single read', async () => {
    const form = await postReview(world.owner, listChannel, PASSWORD_FORM)
    expect(
      (await respond(world.owner, form.id, { response: { user: 'ann', token: 's3cret' } })).status,
    ).toBe(201)
    const listed = await world.owner.get(`/api/v1/messages?channel=${listChannel}&limit=1`)
    expect(listed.body.data[0].review.response).toEqual({ user: 'ann', token: REDACTED })
    const single = await world.owner.get(`/api/v1/messages/${form.id}`)
    expect(single.body.review.response).toEqual({ user: 'ann', token: 's3cret' })
  })

  it('answers 400 for a missing channel or a foreign cursor, 403 for a foreign channel', async () => {
    expect((await world.owner.get('/api/v1/messages')).status).toBe(400)
    expect(
      (await world.owner.get(`/api/v1/messages?channel=${listChannel}&cursor=not-a-message`))
        .status,
    ).toBe(400)
    const stranger = await memberClient(world.server)
    const reply = await stranger.get(`/api/v1/messages?channel=${listChannel}`)
    expect(reply.status).toBe(403)
    expect(reply.body.message).toBe('Not your agent')
  })
})

describe('GET, DELETE and ack of one message (spec 2.1)', () => {
  it('reads a message, with 404 "Message not found" for unknown ids and other channels', async () => {
    const message = await postMessage(world.owner, { channelId: world.channelId, text: 'read me' })
    expect(
      (await world.owner.get(`/api/v1/messages/${message.id}?channel=${world.channelId}`)).body.id,
    ).toBe(message.id)
    const unknown = await world.owner.get('/api/v1/messages/does-not-exist')
    expect(unknown.status).toBe(404)
    expect(unknown.body.message).toBe('Message not found')
    const other = await createAgent(world.owner, 'Elsewhere')
    expect(
      (await world.owner.get(`/api/v1/messages/${message.id}?channel=${other.id}`)).status,
    ).toBe(404)
  })

  it('retracts a message with its files and announces message:deleted', async () => {
    const message = await postMessage(world.owner, {
      channelId: world.channelId,
      text: 'oops',
      textAttachments: [{ content: 'gone soon' }],
    })
    const file = join(world.server.dataDir, 'files', message.attachments[0]!.storageKey)
    expect(existsSync(file)).toBe(true)
    const deleted = await world.owner.delete(
      `/api/v1/messages/${message.id}?channel=${world.channelId}`,
    )
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ deleted: true })
    expect((await world.owner.get(`/api/v1/messages/${message.id}`)).status).toBe(404)
    expect(existsSync(file)).toBe(false)
    const rows = await world.server.services.db.read((tx) =>
      tx.attachment.count({ where: { messageId: message.id } }),
    )
    expect(rows).toBe(0)
    const [event] = world.recorder.of('message:deleted', message.id)
    expect(event?.payload).toMatchObject({ messageId: message.id, channelId: world.channelId })
    expect((await world.owner.delete(`/api/v1/messages/${message.id}`)).status).toBe(404)
  })

  it('acknowledges any message of the channel with 200 and message:delivery', async () => {
    const message = await postMessage(world.owner, { channelId: world.channelId, text: 'got it?' })
    const acked = await world.owner.post(
      `/api/v1/messages/${message.id}/ack?channel=${world.channelId}`,
    )
    expect(acked.status).toBe(200)
    expect(acked.body).toEqual({ acknowledged: true })
    expect((await world.owner.get(`/api/v1/messages/${message.id}`)).body.deliveryStatus).toBe(
      'agent_received',
    )
    const [event] = world.recorder.of('message:delivery', message.id)
    expect(event?.payload).toMatchObject({
      messageId: message.id,
      deliveryStatus: 'agent_received',
      channelId: world.channelId,
    })
    // Repeating the ack is harmless and announces nothing new.
    expect((await world.owner.post(`/api/v1/messages/${message.id}/ack`)).status).toBe(200)
    expect(world.recorder.of('message:delivery', message.id)).toHaveLength(1)

    const fromPerson = await world.owner.post('/api/messages', {
      channelId: world.channelId,
      text: 'from a person',
    })
    expect((await world.owner.post(`/api/v1/messages/${fromPerson.body.id}/ack`)).status).toBe(200)
    expect((await world.owner.post('/api/v1/messages/unknown/ack')).status).toBe(404)
  })
})

import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Placet, PlacetError } from '@placet/sdk'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { eventually, ownerClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let person: TestClient
let placet: Placet
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  person = await ownerClient(server)
  const setup = new Placet({ baseUrl: server.url, apiKey: person.apiKey! })
  channelId = (await setup.createAgent({ name: 'sdk helpers' })).id
  placet = new Placet({ baseUrl: server.url, apiKey: person.apiKey!, channelId })
})
afterAll(async () => {
  placet.close()
  await server.destroy()
})

/** The person answers the channel's next pending review in the dashboard API. */
async function answerNext(response: Record<string, unknown>, where = channelId) {
  const pending = await eventually(
    async () =>
      (await person.get(`/api/messages/reviews?status=pending&channel=${where}`)).body as any[],
    (reviews) => reviews.length === 1,
    'one pending review',
  )
  const reply = await person.post(`/api/messages/${pending[0].id}/respond`, { response })
  expect(reply.status).toBe(201)
  return pending[0].id as string
}

async function deliveryStatusOf(messageId: string) {
  return (await person.get(`/api/messages/${messageId}`)).body.deliveryStatus
}

describe('request helpers resolve typed answers', () => {
  it('requestApproval: the option ids given, acknowledged once received', async () => {
    const asking = placet.requestApproval({
      text: 'Ship it?',
      options: [
        { id: 'ship', label: 'Ship' },
        { id: 'hold', label: 'Hold' },
      ],
      allowComment: true,
    })
    const messageId = await answerNext({ selectedOption: 'ship', comment: 'go' })
    const outcome = await asking
    expect(outcome).toEqual({
      status: 'completed',
      messageId,
      response: { selectedOption: 'ship', comment: 'go' },
      respondedBy: { id: expect.any(String), name: expect.any(String) },
    })
    if (outcome.status === 'completed')
      expectTypeOf(outcome.response.selectedOption).toEqualTypeOf<'ship' | 'hold'>()
    expect(await deliveryStatusOf(messageId)).toBe('agent_received')
  })

  it('requestApproval without options: Approve and Reject', async () => {
    const asking = placet.requestApproval({ text: 'Default buttons?' })
    await answerNext({ selectedOption: 'reject' })
    const outcome = await asking
    expect(outcome.status === 'completed' && outcome.response.selectedOption).toBe('reject')
    if (outcome.status === 'completed')
      expectTypeOf(outcome.response.selectedOption).toEqualTypeOf<'approve' | 'reject'>()
  })

  it('requestSelection: the item ids given', async () => {
    const asking = placet.requestSelection({
      text: 'Which regions?',
      mode: 'multi',
      items: [
        { id: 'eu', label: 'Europe' },
        { id: 'us', label: 'Americas' },
        { id: 'ap', label: 'Asia' },
      ],
    })
    await answerNext({ selectedIds: ['eu', 'ap'] })
    const outcome = await asking
    expect(outcome.status === 'completed' && outcome.response.selectedIds).toEqual(['eu', 'ap'])
    if (outcome.status === 'completed')
      expectTypeOf(outcome.response.selectedIds).toEqualTypeOf<('eu' | 'us' | 'ap')[]>()
  })

  it('requestForm: each value typed by its field, numbers as numbers', async () => {
    const asking = placet.requestForm({
      text: 'Details',
      fields: [
        { name: 'email', type: 'email', label: 'Email', required: true },
        { name: 'replicas', type: 'number', label: 'Replicas', required: true },
        { name: 'notify', type: 'checkbox', label: 'Notify' },
      ],
    })
    await answerNext({ email: 'ops@example.com', replicas: '3', notify: true })
    const outcome = await asking
    expect(outcome.status).toBe('completed')
    if (outcome.status !== 'completed' || 'dismissed' in outcome.response)
      throw new Error('expected a filled-in form')
    expect(outcome.response).toEqual({ email: 'ops@example.com', replicas: 3, notify: true })
    expectTypeOf(outcome.response.email).toEqualTypeOf<string>()
    expectTypeOf(outcome.response.replicas).toEqualTypeOf<number>()
    expectTypeOf(outcome.response.notify).toEqualTypeOf<boolean | undefined>()
  })

  it('requestForm: a dismissed form', async () => {
    const asking = placet.requestForm({
      fields: [{ name: 'why', type: 'text', label: 'Why' }],
    })
    await answerNext({ _dismissed: true })
    expect(await asking).toMatchObject({ status: 'completed', response: { dismissed: true } })
  })

  it('requestText and requestFreeform', async () => {
    const text = placet.requestText({ text: 'Release notes?', prefill: 'v2', minLength: 2 })
    await answerNext({ text: 'v2: faster' })
    const textOutcome = await text
    expect(textOutcome.status === 'completed' && textOutcome.response).toEqual({
      text: 'v2: faster',
    })

    const freeform = placet.requestFreeform({ payload: { plugin: 'diagram', source: 'a->b' } })
    await answerNext({ accepted: true, edits: ['b->c'] })
    const freeformOutcome = await freeform
    expect(freeformOutcome.status === 'completed' && freeformOutcome.response).toEqual({
      accepted: true,
      edits: ['b->c'],
    })
  })

  it('resolves cancelled when the review is withdrawn', async () => {
    const asking = placet.requestApproval({ text: 'Cancel me' })
    const pending = await eventually(
      () => placet.getPendingReviews(channelId),
      (reviews) => reviews.length === 1,
      'the pending review',
    )
    await placet.cancelReview(pending[0]!.id, channelId)
    expect(await asking).toEqual({ status: 'cancelled', messageId: pending[0]!.id })
  })

  it('resolves expired when nobody answers in time', async () => {
    const outcome = await placet.requestApproval({ text: 'Too late', expiresInSeconds: 1 })
    expect(outcome.status).toBe('expired')
  })

  it('stops waiting on abort, leaving the review open', async () => {
    const controller = new AbortController()
    const asking = placet.requestText({ text: 'Abort me', signal: controller.signal })
    const pending = await eventually(
      () => placet.getPendingReviews(channelId),
      (reviews) => reviews.length === 1,
      'the pending review',
    )
    controller.abort(new Error('no longer needed'))
    await expect(asking).rejects.toThrow('no longer needed')
    expect((await placet.getReview(pending[0]!.id)).review?.status).toBe('pending')
    await placet.cancelReview(pending[0]!.id)
  })

  it('refuses another user’s channel with a PlacetError, not a hang', async () => {
    const error = await placet
      .requestApproval({ channelId: 'not-my-channel' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PlacetError)
    expect((error as PlacetError).statusCode).toBeGreaterThanOrEqual(400)
  })
})

describe('waits survive the connection', () => {
  it('an answer given while the socket is down arrives once', async () => {
    const asking = placet.requestApproval({ text: 'Across a drop' })
    await eventually(() => placet.realtime!.socket.connected, Boolean, 'the socket')
    const pending = await eventually(
      () => placet.getPendingReviews(channelId),
      (reviews) => reviews.length === 1,
      'the pending review',
    )
    let reconnects = 0
    placet.realtime!.socket.io.on('reconnect', () => (reconnects += 1))
    // A network drop, not a deliberate disconnect: the client reconnects by itself.
    placet.realtime!.socket.io.engine.close()
    await person.post(`/api/messages/${pending[0]!.id}/respond`, {
      response: { selectedOption: 'approve' },
    })
    const outcome = await asking
    expect(outcome.status === 'completed' && outcome.response.selectedOption).toBe('approve')
    await eventually(
      () => reconnects,
      (count) => count >= 1,
      'the reconnect',
    )
    expect(await deliveryStatusOf(pending[0]!.id)).toBe('agent_received')
  })

  it('a server restart in the middle of a wait: the answer still arrives, once', async () => {
    const answers: unknown[] = []
    const asking = placet.requestApproval({ text: 'Across a restart' }).then((outcome) => {
      answers.push(outcome)
      return outcome
    })
    const pending = await eventually(
      () => placet.getPendingReviews(channelId),
      (reviews) => reviews.length === 1,
      'the pending review',
    )
    // The same database, the same port: a real restart of the process state.
    server = await server.restart({ PORT: String(server.port) })
    await person.post(`/api/messages/${pending[0]!.id}/respond`, {
      response: { selectedOption: 'approve' },
    })
    const outcome = await asking
    expect(outcome).toMatchObject({ status: 'completed', messageId: pending[0]!.id })
    expect(answers).toHaveLength(1)
    expect(await deliveryStatusOf(pending[0]!.id)).toBe('agent_received')
    // The server disconnected the socket on shutdown; it comes back to the restarted one.
    await eventually(() => placet.realtime!.socket.connected, Boolean, 'the socket to return')
  })

  it('falls back to long-polls when WebSocket is blocked', async () => {
    const proxy = await startProxyWithoutWebSocket(server.port)
    const viaProxy = new Placet({ baseUrl: proxy.url, apiKey: person.apiKey!, channelId })
    const refused = new Promise((resolve) =>
      viaProxy.realtime!.socket.once('connect_error', resolve),
    )
    try {
      const asking = viaProxy.requestSelection({
        items: [{ id: 'a', label: 'A' }],
      })
      await refused
      await answerNext({ selectedIds: ['a'] })
      const outcome = await asking
      expect(outcome.status === 'completed' && outcome.response.selectedIds).toEqual(['a'])
      expect(viaProxy.realtime!.socket.connected).toBe(false)
      expect(proxy.longPolls()).toBeGreaterThanOrEqual(1)
    } finally {
      viaProxy.close()
      await proxy.close()
    }
  })

  it('waits over long-polls only with realtime: false', async () => {
    const restOnly = new Placet({
      baseUrl: server.url,
      apiKey: person.apiKey!,
      channelId,
      realtime: false,
    })
    const asking = restOnly.requestText({ text: 'REST only' })
    await answerNext({ text: 'fine' })
    expect(await asking).toMatchObject({ status: 'completed', response: { text: 'fine' } })
    expect(restOnly.realtime).toBeUndefined()
  })
})

/**
 * An HTTP proxy in front of the server that refuses WebSocket upgrades, as some corporate
 * proxies do; it counts the long-polls it forwards.
 */
async function startProxyWithoutWebSocket(port: number) {
  let longPolls = 0
  const proxy: Server = createServer((req, res) => {
    if (req.url?.includes('/wait')) longPolls += 1
    const upstream = httpRequest(
      { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers)
        reply.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  proxy.on('upgrade', (_req, socket) => {
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n')
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    longPolls: () => longPolls,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections()
        proxy.close(() => resolve())
      }),
  }
}

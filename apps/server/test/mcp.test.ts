import { fileURLToPath } from 'node:url'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { eventually, ownerClient, startTestServer, type TestServer } from './harness.ts'

const MCP_CLI = fileURLToPath(new URL('../../../packages/mcp/dist/cli.js', import.meta.url))
// Short enough for a test to see a wait give up, long enough to answer within it.
const MAX_WAIT_S = '4'

let server: TestServer
let person: TestClient
let defaultChannel: string

beforeAll(async () => {
  server = await startTestServer({ MCP_MAX_WAIT_S: MAX_WAIT_S })
  person = await ownerClient(server)
  defaultChannel = (await person.post('/api/v1/agents', { name: 'mcp default' })).body.id
})
afterAll(() => server.destroy())

const transports: Record<string, () => Transport> = {
  'Streamable HTTP at /mcp': () =>
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { 'x-api-key': person.apiKey! } },
    }),
  'stdio (placet-mcp --stdio)': () =>
    new StdioClientTransport({
      command: process.execPath,
      args: [MCP_CLI, '--stdio'],
      env: {
        PATH: process.env.PATH ?? '',
        PLACET_API_URL: server.url,
        PLACET_API_KEY: person.apiKey!,
        PLACET_DEFAULT_CHANNEL: defaultChannel,
        MCP_MAX_WAIT_S: MAX_WAIT_S,
      },
      stderr: 'pipe',
    }),
}

type ToolResult = { isError?: boolean; content: { type: string; text: string }[] }

describe.each(Object.entries(transports))('MCP over %s', (_name, makeTransport) => {
  let client: Client
  let channelId: string

  async function call(name: string, args: Record<string, unknown> = {}) {
    const result = (await client.callTool({ name, arguments: args })) as ToolResult
    if (result.isError) throw new Error(`${name} failed: ${result.content[0]?.text}`)
    return JSON.parse(result.content[0]!.text)
  }

  async function answerWhenPending(response: Record<string, unknown>) {
    const [pending] = await eventually(
      async () =>
        (await person.get(`/api/messages/reviews?status=pending&channel=${channelId}`))
          .body as any[],
      (reviews) => reviews.length === 1,
      'the pending review',
    )
    await person.post(`/api/messages/${pending.id}/respond`, { response })
    return pending.id as string
  }

  beforeAll(async () => {
    client = new Client({ name: 'placet-test', version: '1.0.0' })
    await client.connect(makeTransport())
  })
  afterAll(() => client.close())

  it('lists Placet’s tools', async () => {
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'cancel_review',
        'create_channel',
        'delete_message',
        'get_iteration_chain',
        'get_message',
        'get_messages',
        'get_pending_reviews',
        'list_channels',
        'ping_status',
        'send_message',
        'send_review_message',
        'wait_for_review',
      ].sort(),
    )
    const review = tools.find((tool) => tool.name === 'send_review_message')!
    expect(review.inputSchema.properties?.reviewType).toMatchObject({
      enum: ['approval', 'selection', 'form', 'text-input', 'freeform'],
    })
  })

  it('channels and messages: create, list, send, read, delete, status', async () => {
    channelId = (await call('create_channel', { name: 'mcp channel' })).id
    expect((await call('list_channels')).map((agent: any) => agent.id)).toContain(channelId)
    const sent = await call('send_message', { channelId, text: 'hello from MCP' })
    expect(sent).toMatchObject({ channelId, text: 'hello from MCP' })
    expect((await call('get_message', { messageId: sent.id })).deliveryStatus).toBe(
      'agent_received',
    )
    expect((await call('get_messages', { channelId, search: 'hello' })).data[0].id).toBe(sent.id)
    const lone = await call('send_message', { channelId, text: 'retract' })
    expect(await call('delete_message', { messageId: lone.id, channelId })).toEqual({
      deleted: true,
    })
    expect(await call('ping_status', { agentId: channelId, status: 'busy' })).toMatchObject({
      status: 'busy',
    })
  })

  it('a review answered within the wait, with progress notifications', async () => {
    const pending = await call('send_review_message', {
      channelId,
      text: 'Deploy?',
      reviewType: 'approval',
    })
    expect(pending).toMatchObject({ status: 'pending', messageId: expect.any(String) })
    expect(await call('get_pending_reviews', { channelId })).toHaveLength(1)
    const progress: number[] = []
    const waiting = client.callTool(
      { name: 'wait_for_review', arguments: { messageId: pending.messageId } },
      undefined,
      { onprogress: (update) => progress.push(update.progress) },
    )
    await eventually(
      () => progress.length,
      (count) => count >= 1,
      'a progress notification',
    )
    await answerWhenPending({ selectedOption: 'approve' })
    const result = JSON.parse(((await waiting) as ToolResult).content[0]!.text)
    expect(result).toMatchObject({
      status: 'completed',
      messageId: pending.messageId,
      response: { selectedOption: 'approve' },
    })
  })

  it('a wait that times out, then resumes and gets the answer', async () => {
    const pending = await call('send_review_message', {
      channelId,
      reviewType: 'text-input',
      text: 'Notes?',
    })
    const first = await call('wait_for_review', { messageId: pending.messageId, channelId })
    expect(first).toMatchObject({ status: 'timeout', messageId: pending.messageId })
    expect(first.hint).toContain('wait_for_review')
    await answerWhenPending({ text: 'ship it' })
    expect(await call('wait_for_review', { messageId: pending.messageId })).toMatchObject({
      status: 'completed',
      response: { text: 'ship it' },
    })
  })

  it('waitInline waits in the send call', async () => {
    const sending = call('send_review_message', {
      channelId,
      reviewType: 'selection',
      reviewPayload: { mode: 'single', items: [{ id: 'a', label: 'A' }] },
      waitInline: true,
    })
    await answerWhenPending({ selectedIds: ['a'] })
    expect(await sending).toMatchObject({ status: 'completed', response: { selectedIds: ['a'] } })
  })

  it('cancel_review ends a wait with cancelled; the next iteration joins the chain', async () => {
    const pending = await call('send_review_message', { channelId, reviewType: 'approval' })
    expect((await call('cancel_review', { messageId: pending.messageId })).review.status).toBe(
      'cancelled',
    )
    expect(await call('wait_for_review', { messageId: pending.messageId })).toMatchObject({
      status: 'cancelled',
    })
    // A withdrawn review can be asked again as its next iteration.
    const revised = await call('send_review_message', {
      channelId,
      reviewType: 'approval',
      iterationOf: pending.messageId,
    })
    expect(
      (await call('get_iteration_chain', { messageId: revised.messageId })).iterations,
    ).toHaveLength(2)
    await call('cancel_review', { messageId: revised.messageId })
  })

  it('bad arguments and API refusals are tool errors, and the server keeps serving', async () => {
    const bad = (await client.callTool({
      name: 'send_review_message',
      arguments: { channelId, reviewType: 'poll' },
    })) as ToolResult
    expect(bad.isError).toBe(true)
    expect(bad.content[0]!.text).toContain('reviewType')
    const refused = (await client.callTool({
      name: 'send_review_message',
      arguments: { channelId, reviewType: 'selection', reviewPayload: { items: [] } },
    })) as ToolResult
    expect(refused.isError).toBe(true)
    const missing = (await client.callTool({
      name: 'get_message',
      arguments: { messageId: 'no-such-message' },
    })) as ToolResult
    expect(missing).toMatchObject({ isError: true, content: [{ text: '404: Message not found' }] })
    expect((await call('list_channels')).length).toBeGreaterThan(0)
  })
})

describe('MCP specifics per transport', () => {
  it('HTTP refuses a request without an API key', async () => {
    const reply = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
    expect(reply.status).toBe(401)
    expect(await reply.json()).toMatchObject({ statusCode: 401 })
    const client = new Client({ name: 'keyless', version: '1.0.0' })
    await expect(
      client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`))),
    ).rejects.toThrow()
  })

  it('stdio: the default channel makes channelId optional', async () => {
    const client = new Client({ name: 'default-channel', version: '1.0.0' })
    await client.connect(transports['stdio (placet-mcp --stdio)']!())
    const result = (await client.callTool({
      name: 'send_message',
      arguments: { text: 'to the default channel' },
    })) as ToolResult
    expect(JSON.parse(result.content[0]!.text).channelId).toBe(defaultChannel)
    await client.close()
  })
})

/**
 * The bench's clients: agents with API keys, their sockets, and one person answering. The floor
 * serves the same paths and ignores credentials, so one set of clients drives both.
 *
 * @module
 */
import { connectSocket, type ClientSocket } from '../test/socket-harness.ts'
import { OWNER } from './bench-servers.ts'

export type Reply = { status: number; body: any }

/** One HTTP call over the process's keep-alive pool (undici, behind fetch). */
export async function call(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Reply> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

async function expectStatus(reply: Promise<Reply>, status: number, what: string) {
  const { status: got, body } = await reply
  if (got !== status) throw new Error(`${what}: ${got} ${JSON.stringify(body)}`)
  return body
}

export type Agent = { apiKey: string; channelId: string }

/** Who acts on one server: agents (a key and a channel each) and the person's session. */
export type Cast = {
  url: string
  isFloor: boolean
  agents: Agent[]
  personHeaders: Record<string, string>
}

export async function signIn(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  })
  if (response.status !== 200) throw new Error(`login: ${response.status}`)
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('access_token='))
  return { cookie: cookie!.split(';')[0]! }
}

/** `count` agents, each with an API key and a channel of its own (on the floor: just ids). */
export async function createCast(url: string, isFloor: boolean, count: number): Promise<Cast> {
  if (isFloor)
    return {
      url,
      isFloor,
      agents: Array.from({ length: count }, (_, index) => ({
        apiKey: 'floor',
        channelId: `c${index}`,
      })),
      personHeaders: {},
    }
  const personHeaders = await signIn(url)
  const agents: Agent[] = []
  for (let index = 0; index < count; index++) {
    const { key } = await expectStatus(
      call(url, 'POST', '/api/api-keys', personHeaders, { label: `agent-${index}` }),
      201,
      'create api key',
    )
    const { id } = await expectStatus(
      call(url, 'POST', '/api/v1/agents', { 'x-api-key': key }, { name: `agent-${index}` }),
      201,
      'create agent',
    )
    agents.push({ apiKey: key, channelId: id })
  }
  return { url, isFloor, agents, personHeaders }
}

/** An agent's socket, subscribed to its channel. */
export async function connectAgent(url: string, agent: Agent): Promise<ClientSocket> {
  const socket = await connectSocket(url, { apiKey: agent.apiKey })
  const ack = await socket.timeout(30_000).emitWithAck('subscribe:channel', agent.channelId)
  if (!ack.ok) throw new Error(`subscribe: ${ack.error}`)
  return socket
}

/** A dashboard socket of the person: a single-use ticket each. */
export async function connectDashboard(cast: Cast): Promise<ClientSocket> {
  const { ticket } = await expectStatus(
    call(cast.url, 'POST', '/api/auth/ws-ticket', cast.personHeaders, {}),
    200,
    'ws ticket',
  )
  return connectSocket(cast.url, { token: ticket })
}

export function postMessage(url: string, agent: Agent, body: Record<string, unknown>) {
  return expectStatus(
    call(
      url,
      'POST',
      '/api/v1/messages',
      { 'x-api-key': agent.apiKey },
      {
        channelId: agent.channelId,
        ...body,
      },
    ),
    201,
    'post message',
  )
}

export function answer(url: string, personHeaders: Record<string, string>, messageId: string) {
  return expectStatus(
    call(url, 'POST', `/api/messages/${messageId}/respond`, personHeaders, {
      response: { selectedOption: 'approve' },
    }),
    201,
    'respond',
  )
}

export async function longPoll(url: string, agent: Agent, messageId: string): Promise<void> {
  const body = await expectStatus(
    call(url, 'GET', `/api/v1/reviews/${messageId}/wait?channel=${agent.channelId}&timeout=30000`, {
      'x-api-key': agent.apiKey,
    }),
    200,
    'wait',
  )
  if (body.status !== 'completed') throw new Error(`wait returned ${body.status}`)
}

/**
 * Shared steps of the messaging and review tests: agents, messages, reviews, recorded events
 * and waiting for a condition (by polling the real API, never by asserting on elapsed time).
 */
import type { Agent, LoggedEvent, Message } from '@placet/protocol'
import { afterAll, beforeAll, expect } from 'vitest'
import { ownerClient, startTestServer, type TestClient, type TestServer } from './harness.ts'

export async function createAgent(
  client: TestClient,
  name = 'Agent',
  extra: Record<string, unknown> = {},
): Promise<Agent> {
  const reply = await client.post('/api/v1/agents', { name, ...extra })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as Agent
}

export async function postMessage(
  client: TestClient,
  body: Record<string, unknown>,
): Promise<Message> {
  const reply = await client.post('/api/v1/messages', body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as Message
}

export const APPROVAL = {
  type: 'approval',
  payload: {
    options: [
      { id: 'approve', label: 'Approve', style: 'primary' },
      { id: 'reject', label: 'Reject', style: 'danger' },
    ],
    allowComment: true,
  },
}

/** A form asking for a password: the answer's `token` is what redaction hides. */
export const PASSWORD_FORM = {
  type: 'form',
  payload: {
    fields: [
      { name: 'user', type: 'text', label: 'User', required: true },
      { name: 'token', type: 'password', label: 'Token', required: true },
    ],
  },
}

export function postReview(
  client: TestClient,
  channelId: string,
  review: Record<string, unknown> = APPROVAL,
  extra: Record<string, unknown> = {},
) {
  return postMessage(client, { channelId, text: 'Please review', review, ...extra })
}

export async function respond(
  client: TestClient,
  messageId: string,
  body: Record<string, unknown>,
) {
  return client.post(`/api/messages/${messageId}/respond`, body)
}

/** Every event the server commits from now on, as its in-process bus delivers them. */
export function recordEvents(server: TestServer): {
  events: LoggedEvent[]
  of: (type: string, messageId?: string) => LoggedEvent[]
  stop: () => void
} {
  const events: LoggedEvent[] = []
  const stop = server.services.bus.subscribe((event) => events.push(event))
  const of = (type: string, messageId?: string) =>
    events.filter((event) => {
      if (event.type !== type) return false
      if (!messageId) return true
      const payload = event.payload as { id?: string; messageId?: string }
      return payload.messageId === messageId || payload.id === messageId
    })
  return { events, of, stop }
}

/** An orphan attachment of a channel (as the files API would leave it), straight in the database. */
export async function createOrphanAttachment(
  server: TestServer,
  channelId: string,
  filename = 'report.pdf',
  mimeType = 'application/pdf',
) {
  return server.services.db.transaction((tx) =>
    tx.attachment.create({
      data: {
        channelId,
        filename,
        mimeType,
        size: BigInt(1234),
        storageKey: `uploads/test-${filename}`,
        pluginType: '@uax/file',
      },
    }),
  )
}

/**
 * The set-up most server tests share, for the whole file: a server, its owner signed in, one
 * agent of the owner's and a recorder of every committed event. Read it inside tests (it is
 * filled before the first one runs).
 */
export class AgentServer {
  private state:
    | {
        server: TestServer
        owner: TestClient
        channelId: string
        recorder: ReturnType<typeof recordEvents>
      }
    | undefined

  get server(): TestServer {
    return this.ready().server
  }
  get owner(): TestClient {
    return this.ready().owner
  }
  /** The agent's id, which is its channel's. */
  get channelId(): string {
    return this.ready().channelId
  }
  get recorder(): ReturnType<typeof recordEvents> {
    return this.ready().recorder
  }

  async start(agentName: string, env: Record<string, string>): Promise<void> {
    const server = await startTestServer(env)
    const owner = await ownerClient(server)
    const channelId = (await createAgent(owner, agentName)).id
    this.state = { server, owner, channelId, recorder: recordEvents(server) }
  }

  async stop(): Promise<void> {
    this.state?.recorder.stop()
    await this.state?.server.destroy()
  }

  private ready() {
    if (!this.state) throw new Error('The AgentServer fixture is read before its beforeAll ran')
    return this.state
  }
}

/**
 * Starts an {@link AgentServer} before the file's tests and destroys it after them.
 *
 * @example
 * const world = useAgentServer('Reviewer bot')
 * it('answers', async () => { await postReview(world.owner, world.channelId, APPROVAL) })
 */
export function useAgentServer(agentName: string, env: Record<string, string> = {}): AgentServer {
  const world = new AgentServer()
  beforeAll(() => world.start(agentName, env))
  afterAll(() => world.stop())
  return world
}

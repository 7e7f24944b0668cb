import { Placet } from '@placet/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from '../src/store/database.ts'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, eventually } from './harness.ts'
import { freePort } from './http-service-process.ts'
import { createServerSite, type ServerProcess, type ServerSite } from './server-process.ts'
import { createHookedAgent } from './webhook-flows.ts'
import { WebhookReceiver, verifyWebhook } from './webhook-receiver.ts'

/*
 * Crash safety (issue 14): agents on the SDK ask for hundreds of reviews, a person answers them
 * over the dashboard API, and the server is SIGKILLed twice mid-traffic and restarted on the
 * same database and port. What the server acknowledged must hold: every answer it accepted is
 * `completed`, reaches its agent exactly once, and its webhook (to a receiver failing a third of
 * its requests) is delivered with one `webhook-id` and a valid signature; the event log has no
 * gap and no duplicate. An answer whose request died with the process may have landed or not,
 * but never half.
 */

const AGENTS = 4
const REVIEWS_PER_AGENT = 50
/** After this many acknowledged answers, and as many again, the server is killed. */
const KILL_EVERY = Math.floor((AGENTS * REVIEWS_PER_AGENT) / 3)

/** What the person knows of an answer: the server took it (201), or its request died. */
type Outcome = 'acknowledged' | 'unknown'

/** Connection refused: the request never reached a server, so it can be sent again. */
function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause
  return cause?.code === 'ECONNREFUSED'
}

type HookedAgent = {
  id: string
  secret: string
  placet: Placet
  /** review:responded as the SDK's listener hands it over (once per seq), by message id. */
  heard: Map<string, number>
  /** What waitForAnswer resolved with, by message id. */
  answers: Map<string, string>
}

let site: ServerSite
let port: number
let node: ServerProcess
const processes: ServerProcess[] = []
let receiver: WebhookReceiver
let person: TestClient
const agents: HookedAgent[] = []

async function startNode(): Promise<ServerProcess> {
  node = await site.start({ PORT: String(port) })
  processes.push(node)
  return node
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start()
  receiver.answerWith((_request, index) => (index % 3 === 2 ? 500 : 200))
  site = await createServerSite({
    WEBHOOK_ALLOW_PRIVATE: 'true',
    // Quick retries, and enough of them that a third failing never exhausts the schedule.
    WEBHOOK_RETRY_SCHEDULE: '50ms,100ms,200ms,400ms,800ms,1s,1s,1s,1s,1s',
  })
  port = await freePort()
  await startNode()
  person = await new TestClient(node.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  const apiKey = await person.useNewApiKey()
  for (let index = 0; index < AGENTS; index++) {
    const { agentId, secret } = await createHookedAgent(person, receiver.url(`/agent-${index}`))
    const placet = new Placet({
      baseUrl: node.url,
      apiKey,
      channelId: agentId,
      socketOptions: { reconnectionDelay: 50, reconnectionDelayMax: 500 },
    })
    const agent: HookedAgent = {
      id: agentId,
      secret,
      placet,
      heard: new Map(),
      answers: new Map(),
    }
    placet.realtime!.on('review:responded', (message) =>
      agent.heard.set(message.id, (agent.heard.get(message.id) ?? 0) + 1),
    )
    agents.push(agent)
  }
})
afterAll(async () => {
  for (const agent of agents) agent.placet.close()
  for (const running of processes) await running.child.stop()
  await receiver?.close()
  await site?.destroy()
})

/** Sends until a server acknowledges it; a send whose fate is unknown is given up on. */
async function askForReview(agent: HookedAgent, index: number): Promise<string | null> {
  for (;;) {
    try {
      const message = await agent.placet.sendMessage({
        channelId: agent.id,
        text: `Review ${index}?`,
        review: { type: 'approval' },
      })
      return message.id
    } catch (error) {
      if (!isRefused(error)) return null // it may exist, pending; nobody will answer it
      await new Promise((resolve) => setTimeout(resolve, 50)) // the server is restarting
    }
  }
}

/** The person's answer: sent again only while the server refuses connections. */
async function answerReview(messageId: string): Promise<Outcome> {
  for (;;) {
    try {
      const reply = await person.post(`/api/messages/${messageId}/respond`, {
        response: { selectedOption: 'approve' },
      })
      if (reply.status === 201) return 'acknowledged'
      throw new Error(`respond answered ${reply.status}: ${JSON.stringify(reply.body)}`)
    } catch (error) {
      if (!isRefused(error)) {
        if (error instanceof Error && error.message.startsWith('respond answered')) throw error
        return 'unknown'
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

describe('SIGKILL twice while hundreds of reviews are answered', () => {
  it('keeps every acknowledged answer, delivers it once to its agent and by webhook, and leaves the event log whole', async () => {
    const outcomes = new Map<string, Outcome>()
    const agentOf = new Map<string, HookedAgent>()
    const waits: Promise<void>[] = []
    const stopWaiting = new AbortController()
    let acknowledged = 0
    let kills = 0
    let crashing: Promise<void> = Promise.resolve()

    const crashAndRestart = async () => {
      await node.child.kill()
      await startNode()
    }
    const runAgent = async (agent: HookedAgent) => {
      for (let index = 0; index < REVIEWS_PER_AGENT; index++) {
        const messageId = await askForReview(agent, index)
        if (!messageId) continue
        agentOf.set(messageId, agent)
        waits.push(
          agent.placet
            .waitForAnswer(messageId, { signal: stopWaiting.signal })
            .then((outcome) => {
              agent.answers.set(messageId, outcome.status)
            })
            .catch((error: unknown) => {
              if (!stopWaiting.signal.aborted) throw error
            }),
        )
        const outcome = await answerReview(messageId)
        outcomes.set(messageId, outcome)
        if (outcome === 'acknowledged' && ++acknowledged % KILL_EVERY === 0 && kills < 2) {
          kills++
          crashing = crashing.then(crashAndRestart)
        }
      }
    }
    await Promise.all(agents.map(runAgent))
    await crashing
    expect(kills).toBe(2)
    expect(processes).toHaveLength(3)

    const acked = [...outcomes].filter(([, outcome]) => outcome === 'acknowledged')
    const unknown = [...outcomes].filter(([, outcome]) => outcome === 'unknown')
    expect(acked.length).toBeGreaterThan(AGENTS * REVIEWS_PER_AGENT * 0.9)

    // Every answer the server acknowledged is completed; one whose request died is completed
    // or still pending.
    const statusOf = async (id: string) =>
      (await person.get(`/api/messages/${id}`)).body.review.status as string
    for (const [id] of acked) expect(await statusOf(id)).toBe('completed')
    const completed = new Set(acked.map(([id]) => id))
    for (const [id] of unknown) {
      const status = await statusOf(id)
      expect(['completed', 'pending']).toContain(status)
      if (status === 'completed') completed.add(id)
    }

    // Each completed answer reached its agent exactly once, over the SDK's listener and its
    // waitForAnswer; waits for answers that never landed are called off.
    await eventually(
      () => [...completed].filter((id) => !agentOf.get(id)!.answers.has(id)).length,
      (missing) => missing === 0,
      'every completed answer to reach its agent’s waitForAnswer',
    )
    stopWaiting.abort()
    await Promise.all(waits)
    await eventually(
      () => [...completed].filter((id) => agentOf.get(id)!.heard.get(id) !== 1).length,
      (missing) => missing === 0,
      'every completed answer heard once on its agent’s socket',
    )
    for (const agent of agents) {
      for (const [id, status] of agent.answers) {
        expect(status).toBe('completed')
        expect(completed.has(id)).toBe(true)
      }
      for (const [id, count] of agent.heard) {
        expect(count).toBe(1)
        expect(completed.has(id)).toBe(true)
      }
    }

    // Every delivery ends delivered (after retries and the crashes), one per completed answer.
    const db = await Database.open(site.databaseUrl)
    try {
      const deliveries = await eventually(
        () => db.read((tx) => tx.webhookDelivery.findMany()),
        (rows) => rows.length === completed.size && rows.every((row) => row.state === 'delivered'),
        'every webhook delivery to be delivered',
      )
      expect(new Set(deliveries.map((row) => row.messageId))).toEqual(completed)

      for (const id of completed) {
        const agent = agentOf.get(id)!
        const requests = receiver.received.filter((request) => request.json?.messageId === id)
        expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1)
        for (const request of requests) {
          expect(request.path).toBe(`/agent-${agents.indexOf(agent)}`)
          expect(verifyWebhook(agent.secret, request)).toMatchObject({
            event: 'review:responded',
            messageId: id,
          })
        }
        // At least one of them was answered 2xx (the receiver fails every third request).
        expect(requests.some((request) => receiver.received.indexOf(request) % 3 !== 2)).toBe(true)
      }

      // The event log: no gap, no duplicate, one review:responded per completed answer and
      // none for an answer that did not land.
      const events = await db.read((tx) =>
        tx.event.findMany({
          orderBy: { seq: 'asc' },
          select: { seq: true, type: true, payload: true },
        }),
      )
      const seqs = events.map((event) => event.seq)
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => seqs[0]! + index))
      expect(seqs[0]).toBe(1)
      const responded = events
        .filter((event) => event.type === 'review:responded')
        .map((event) => (JSON.parse(event.payload) as { id: string }).id)
      expect(responded.length).toBe(new Set(responded).size)
      expect(new Set(responded)).toEqual(completed)
    } finally {
      await db.close()
    }

    for (const running of processes) expect(running.errors()).toEqual([])
  }, 120_000)
})

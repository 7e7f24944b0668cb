/**
 * Realtime benchmark (issue 4): 100 concurrent agents post reviews that a scripted person
 * answers; prints answer -> agent latency over Socket.IO and over long-poll, next to a raw
 * Socket.IO round trip (ping/pong on the same server) measured in the same run, and writes the
 * figures to bench/results/realtime.md.
 *
 * Run: `pnpm bench` (or `pnpm --filter @placet/server bench`). PLACET_BENCH_AGENTS,
 * PLACET_BENCH_ROUNDS and PLACET_BENCH_DB (`sqlite` | `postgres`) can be set in the environment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, hostname, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { loadConfig } from '../src/config.ts'
import { startServer } from '../src/server.ts'
import { TestClient, createTestDatabase } from '../test/harness.ts'
import {
  EventRecorder,
  connectSocket,
  emitWithAck,
  roundTrip,
  type ClientSocket,
} from '../test/socket-harness.ts'

const AGENTS = Number(process.env.PLACET_BENCH_AGENTS ?? 100)
const ROUNDS = Number(process.env.PLACET_BENCH_ROUNDS ?? 5)
const DB = process.env.PLACET_BENCH_DB === 'postgres' ? 'postgres' : 'sqlite'
const OWNER = { email: 'bench@placet.local', password: 'bench-password' }

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type Stats = { p50: number; p99: number; n: number }
const stats = (samples: number[]): Stats => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  n: samples.length,
})
const ms = (value: number) => `${value.toFixed(2)} ms`

async function main() {
  const database = await createTestDatabase(DB)
  const dataDir = mkdtempSync(join(tmpdir(), 'placet-bench-'))
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    INITIAL_USER_EMAIL: OWNER.email,
    INITIAL_USER_PASSWORD: OWNER.password,
    PASSWORD_HASH_COST: '4',
    LOG_LEVEL: 'silent',
    WEB_DIR: join(dataDir, 'no-web'),
  })
  const server = await startServer(config)
  // When each answer committed: the bus publishes right after the commit, in this process.
  const committedAt = new Map<string, number>()
  const publish = server.services.bus.publish.bind(server.services.bus)
  server.services.bus.publish = (events) => {
    const now = performance.now()
    for (const event of events)
      if (event.type === 'review:responded') committedAt.set(event.payload.id, now)
    publish(events)
  }
  const personClient = await new TestClient(server.url).login(OWNER.email, OWNER.password)
  const apiKey = (await personClient.post('/api/api-keys', { label: 'bench' })).body.key as string

  const agents: {
    channelId: string
    socket: ClientSocket
    events: EventRecorder
    http: TestClient
  }[] = []
  for (let index = 0; index < AGENTS; index++) {
    const http = new TestClient(server.url)
    http.apiKey = apiKey
    const channelId = (await http.post('/api/v1/agents', { name: `agent-${index}` })).body
      .id as string
    const socket = await connectSocket(server.url, { apiKey })
    await emitWithAck(socket, 'subscribe:channel', channelId)
    agents.push({ channelId, socket, events: new EventRecorder(socket), http })
  }

  // Baseline: a raw Socket.IO round trip (ping -> pong) on the same server and sockets, one at
  // a time; and the same with all agents pinging at once, the load the answers see.
  const baseline: number[] = []
  for (let round = 0; round < ROUNDS * 4; round++) {
    for (const { socket } of agents) {
      const start = performance.now()
      await roundTrip(socket)
      baseline.push(performance.now() - start)
    }
  }
  const concurrentPings: number[] = []
  for (let round = 0; round < ROUNDS * 4; round++) {
    await Promise.all(
      agents.map(async ({ socket }) => {
        const start = performance.now()
        await roundTrip(socket)
        concurrentPings.push(performance.now() - start)
      }),
    )
  }

  const askReview = (agent: (typeof agents)[number]) =>
    agent.http
      .post('/api/v1/messages', {
        channelId: agent.channelId,
        text: 'Deploy?',
        review: { type: 'approval' },
      })
      .then((reply) => reply.body.id as string)

  /**
   * Closed loop: every agent posts a review, hands it to the person and waits for the answer
   * (over its socket or a long-poll), ROUNDS times; the one scripted person answers reviews in
   * arrival order, one at a time, as people do. A sample is the time from the person sending
   * the answer to the agent having it, measured while the other agents keep posting.
   */
  async function measure(
    transport: 'socket' | 'long-poll',
  ): Promise<{ endToEnd: number[]; delivery: number[] }> {
    const samples: number[] = []
    const delivery: number[] = []
    const queue: string[] = []
    const sentAt = new Map<string, number>()
    let wakePerson: (() => void) | undefined
    const total = AGENTS * ROUNDS

    const person = async () => {
      for (let answered = 0; answered < total; answered++) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wakePerson = resolve))
        const messageId = queue.shift()!
        sentAt.set(messageId, performance.now())
        const reply = await personClient.post(`/api/messages/${messageId}/respond`, {
          response: { selectedOption: 'approve' },
        })
        if (reply.status !== 201) throw new Error(`respond failed: ${reply.status}`)
      }
    }

    const agentLoop = async (agent: (typeof agents)[number]) => {
      for (let round = 0; round < ROUNDS; round++) {
        const messageId = await askReview(agent)
        const answered =
          transport === 'socket'
            ? agent.events
                .next('review:responded', (message) => message.id === messageId)
                .then(() => undefined)
            : agent.http
                .get(`/api/v1/reviews/${messageId}/wait?channel=${agent.channelId}&timeout=30000`)
                .then((reply) => {
                  if (reply.body.status !== 'completed')
                    throw new Error(`wait returned ${reply.body.status}`)
                })
        queue.push(messageId)
        wakePerson?.()
        await answered
        const now = performance.now()
        samples.push(now - sentAt.get(messageId)!)
        delivery.push(now - committedAt.get(messageId)!)
      }
    }

    await Promise.all([person(), ...agents.map(agentLoop)])
    return { endToEnd: samples, delivery }
  }

  const overSocket = await measure('socket')
  const overLongPoll = await measure('long-poll')

  for (const agent of agents) agent.socket.close()
  await server.close()
  await database.drop()
  rmSync(dataDir, { recursive: true, force: true })

  const base = stats(baseline)
  const rows = [
    ['raw Socket.IO round trip, one at a time (baseline)', base],
    [`raw Socket.IO round trip, ${AGENTS} at once`, stats(concurrentPings)],
    ['answer committed -> agent, Socket.IO', stats(overSocket.delivery)],
    ['answer committed -> agent, long-poll', stats(overLongPoll.delivery)],
    ['answer sent -> agent, Socket.IO (end to end)', stats(overSocket.endToEnd)],
    ['answer sent -> agent, long-poll (end to end)', stats(overLongPoll.endToEnd)],
  ] as const
  const machine = `${hostname()}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  const lines = [
    `# Realtime benchmark`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine}`,
    `- database: ${DB}; ${AGENTS} concurrent agents × ${ROUNDS} reviews per transport, one scripted person answering in arrival order`,
    '',
    '| path | p50 | p99 | p50 / baseline p50 | p99 / baseline p99 | samples |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      ([name, s]) =>
        `| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${(s.p50 / base.p50).toFixed(1)}× | ${(s.p99 / base.p99).toFixed(1)}× | ${s.n} |`,
    ),
    '',
    '"answer committed -> agent" runs from the commit of the answer (change, event log and outbox',
    'rows in one transaction) to the agent having it: the delivery the transports add. "answer sent',
    '-> agent" runs from the person sending the respond request, so it also holds the HTTP request',
    'and the transaction. Both are measured while the other agents keep posting reviews. The',
    'baseline is a ping/pong round trip on the same sockets in the same run, one at a time.',
    '',
  ]
  const report = lines.join('\n')
  console.log(report)
  writeFileSync(new URL(`./results/realtime-${DB}.md`, import.meta.url), report)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})

/**
 * `pnpm bench:soak` (issue 14): one built server (`node dist/main.js`) under mixed traffic for
 * PLACET_SOAK_MINUTES (default 30): agents posting, streaming replies, reviews answered by a
 * person and awaited over sockets and long-polls, sockets connecting and disconnecting, the
 * dashboard reading, webhooks to a receiver that fails every fifth request. The server samples
 * itself (`soak-monitor.mjs`: RSS, heap after a full GC, event-loop delay p99); the run counts
 * every failed call and every error line of the server's log, checks at the end that every
 * webhook owed was delivered, and writes `bench/results/<date>-soak.md`. Not part of CI.
 *
 * Knobs: PLACET_SOAK_MINUTES (30), PLACET_SOAK_DB (sqlite | postgres), PLACET_SOAK_SAMPLE_MS
 * (30000).
 *
 * @module
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, hostname, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { WebhookReceiver } from '../test/webhook-receiver.ts'
import { roundTrip, type ClientSocket } from '../test/socket-harness.ts'
import {
  answer,
  call,
  connectAgent,
  connectDashboard,
  createCast,
  longPoll,
  postMessage,
  type Agent,
  type Cast,
} from './bench-clients.ts'
import { latencyOf } from './bench-scenarios.ts'
import { startProduct } from './bench-servers.ts'

const MINUTES = Number(process.env.PLACET_SOAK_MINUTES ?? 30)
const DB = process.env.PLACET_SOAK_DB === 'postgres' ? 'postgres' : 'sqlite'
const SAMPLE_MS = Number(process.env.PLACET_SOAK_SAMPLE_MS ?? 30_000)
const AGENTS = 12
/** Agents 0..5 have a channel webhook; their answered reviews each owe one delivery. */
const HOOKED = 6
/** Longest an agent waits for its answer before the flow counts as an error. */
const ANSWER_LIMIT_MS = 30_000

type Sample = {
  atMs: number
  rssMiB: number
  heapUsedMiB: number
  externalMiB: number
  lagP99Ms: number
  lagMaxMs: number
  lagMeanMs: number
}

const log = (line: string) =>
  console.error(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What the traffic did: operations and failures per kind, a few failure messages. */
class Tally {
  readonly ops = new Map<string, number>()
  readonly failures = new Map<string, number>()
  readonly examples: string[] = []
  readonly answerMs: number[] = []

  async run(kind: string, operation: () => Promise<unknown>): Promise<void> {
    try {
      await operation()
      this.ops.set(kind, (this.ops.get(kind) ?? 0) + 1)
    } catch (error) {
      this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1)
      if (this.examples.length < 10) this.examples.push(`${kind}: ${String(error)}`)
    }
  }

  get totalOps(): number {
    return [...this.ops.values()].reduce((sum, count) => sum + count, 0)
  }
  get totalFailures(): number {
    return [...this.failures.values()].reduce((sum, count) => sum + count, 0)
  }
}

function withLimit<Value>(promise: Promise<Value>, ms: number, what: string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)
  })
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer))
}

/** Resolves when `socket` hears the answer to `messageId`. */
function answerOn(socket: ClientSocket, messageId: string): Promise<void> {
  return new Promise((resolve) => {
    const onAnswer = (message: { id: string }) => {
      if (message.id !== messageId) return
      socket.off('review:responded', onAnswer)
      resolve()
    }
    socket.on('review:responded', onAnswer)
  })
}

/** Runs `step` over and over until the deadline, `gapMs` apart. */
async function loop(deadline: number, gapMs: number, step: () => Promise<void>) {
  while (Date.now() < deadline) {
    await step()
    await pause(gapMs)
  }
}

function trafficOf(cast: Cast, tally: Tally, deadline: number, answered: Set<string>) {
  const { url, personHeaders, agents } = cast
  const agent = (index: number): Agent => agents[index % agents.length]!
  const reviewAndAnswer = async (who: Agent, wait: (id: string) => Promise<void>) => {
    const review = await postMessage(url, who, { text: 'Ship it?', review: { type: 'approval' } })
    const sentAt = performance.now()
    const heard = withLimit(wait(review.id), ANSWER_LIMIT_MS, 'the answer reaching the agent')
    await answer(url, personHeaders, review.id)
    if (agents.indexOf(who) < HOOKED) answered.add(review.id)
    await heard
    tally.answerMs.push(performance.now() - sentAt)
  }

  const posters = [0, 1].map((worker) =>
    loop(deadline, 200, () =>
      tally.run('post', () => postMessage(url, agent(worker * 5), { text: `note ${Date.now()}` })),
    ),
  )
  let streamCount = 0
  const streamer = loop(deadline, 500, () =>
    tally.run('stream', async () => {
      const who = agent(2)
      const streamId = `soak-${streamCount++}`
      await postMessage(url, who, { text: '…', streamId, streamState: 'streaming' })
      const path = `/api/v1/messages/streams/${streamId}`
      for (let step = 1; step <= 5; step++) {
        const body = { channelId: who.channelId, text: `token ${step}`, complete: step === 5 }
        const reply = await call(url, 'PATCH', path, { 'x-api-key': who.apiKey }, body)
        if (reply.status !== 200) throw new Error(`stream patch: ${reply.status}`)
        await pause(100)
      }
    }),
  )
  const socketReviewers = [0, 7].map(async (index) => {
    const who = agent(index)
    const socket = await connectAgent(url, who)
    try {
      await loop(deadline, 300, () =>
        tally.run('review over socket', () => reviewAndAnswer(who, (id) => answerOn(socket, id))),
      )
    } finally {
      socket.close()
    }
  })
  const pollReviewers = [3, 8].map((index) =>
    loop(deadline, 300, () =>
      tally.run('review over long-poll', () =>
        reviewAndAnswer(agent(index), (id) => longPoll(url, agent(index), id)),
      ),
    ),
  )
  let churned = 0
  const churn = loop(deadline, 200, () =>
    tally.run('socket connect/disconnect', async () => {
      const socket =
        churned++ % 2 === 0 ? await connectAgent(url, agent(churned)) : await connectDashboard(cast)
      await withLimit(roundTrip(socket), 10_000, 'a ping round trip')
      socket.close()
    }),
  )
  const reader = loop(deadline, 1_000, () =>
    tally.run('dashboard read', async () => {
      for (const path of ['/api/agents', `/api/messages?channel=${agent(0).channelId}`]) {
        const reply = await call(url, 'GET', path, personHeaders)
        if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status}`)
      }
    }),
  )
  return Promise.all([...posters, streamer, ...socketReviewers, ...pollReviewers, churn, reader])
}

function readSamples(file: string): Sample[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Sample)
  } catch {
    return []
  }
}

/** Least-squares slope of `value` over minutes, in units per 10 minutes. */
function slopePer10Minutes(points: { minutes: number; value: number }[]): number {
  const n = points.length
  if (n < 2) return 0
  const meanX = points.reduce((sum, point) => sum + point.minutes, 0) / n
  const meanY = points.reduce((sum, point) => sum + point.value, 0) / n
  const num = points.reduce((sum, p) => sum + (p.minutes - meanX) * (p.value - meanY), 0)
  const den = points.reduce((sum, p) => sum + (p.minutes - meanX) ** 2, 0)
  return den === 0 ? 0 : (num / den) * 10
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)

function report(input: {
  startedAt: Date
  samples: Sample[]
  tally: Tally
  serverErrors: string[]
  webhooks: { owed: number; delivered: number; requests: number; failedOnPurpose: number }
  /** Each owed delivery that never got a 2xx: how it stands in the server's delivery log. */
  undelivered: string[]
}): string {
  const { startedAt, samples, tally, serverErrors, webhooks, undelivered } = input
  // The first minutes are warm-up (JIT, pools, caches): growth is read after them.
  const warm = samples.filter((sample) => sample.atMs >= Math.min(5, MINUTES / 3) * 60_000)
  const first = warm[0] ?? samples[0]
  const last = samples.at(-1)
  const heapSlope = slopePer10Minutes(
    warm.map((sample) => ({ minutes: sample.atMs / 60_000, value: sample.heapUsedMiB })),
  )
  const rssSlope = slopePer10Minutes(
    warm.map((sample) => ({ minutes: sample.atMs / 60_000, value: sample.rssMiB })),
  )
  const lagP99s = samples.map((sample) => sample.lagP99Ms)
  const answers = latencyOf(tally.answerMs.length ? tally.answerMs : [0])
  const cpu = cpus()
  const lines = [
    `# Soak: ${MINUTES} minutes of mixed traffic on ${DB} (${startedAt.toISOString().slice(0, 10)})`,
    '',
    `- command: \`PLACET_SOAK_MINUTES=${MINUTES} PLACET_SOAK_DB=${DB} pnpm bench:soak\``,
    `- machine: ${hostname()}, ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at the end ${loadavg()
      .map((value) => fixed(value, 2))
      .join(' ')} (shared with other work)`,
    `- traffic: ${AGENTS} agents (${HOOKED} with a channel webhook); 2 posting every 200 ms, 1 streaming (start, 5 updates, complete), 2 awaiting answers on a socket and 2 on long-polls (a person answers each review at once), 1 client connecting and dropping agent and dashboard sockets every 200 ms, the dashboard reading every second; the webhook receiver answers 500 to every fifth request`,
    '',
    '## Summary',
    '',
    '| figure | value |',
    '| --- | --- |',
    `| operations | ${tally.totalOps} (${[...tally.ops].map(([kind, count]) => `${kind} ${count}`).join(', ')}) |`,
    `| failed operations | ${tally.totalFailures}${tally.totalFailures ? ` (${[...tally.failures].map(([kind, count]) => `${kind} ${count}`).join(', ')})` : ''} |`,
    `| error lines in the server log | ${serverErrors.length} |`,
    `| webhooks owed / delivered | ${webhooks.owed} / ${webhooks.delivered} (${webhooks.requests} requests, ${webhooks.failedOnPurpose} answered 500 on purpose) |`,
    `| answer → agent (ms) | p50 ${fixed(answers.p50)}, p99 ${fixed(answers.p99)} (n ${answers.n}) |`,
    `| RSS (MiB) after warm-up → end | ${fixed(first?.rssMiB ?? 0)} → ${fixed(last?.rssMiB ?? 0)} (trend ${fixed(rssSlope, 2)} MiB / 10 min) |`,
    `| heap after full GC (MiB) after warm-up → end | ${fixed(first?.heapUsedMiB ?? 0)} → ${fixed(last?.heapUsedMiB ?? 0)} (trend ${fixed(heapSlope, 2)} MiB / 10 min) |`,
    `| event-loop delay p99 per interval (ms) | median ${fixed(latencyOf(lagP99s.length ? lagP99s : [0]).p50)}, worst ${fixed(Math.max(0, ...lagP99s))} |`,
    '',
    `## Samples (every ${SAMPLE_MS / 1000} s, from inside the server)`,
    '',
    '| minute | RSS MiB | heap after GC MiB | external MiB | loop delay p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...samples.map(
      (sample) =>
        `| ${fixed(sample.atMs / 60_000)} | ${fixed(sample.rssMiB)} | ${fixed(sample.heapUsedMiB)} | ${fixed(sample.externalMiB)} | ${fixed(sample.lagP99Ms)} | ${fixed(sample.lagMaxMs)} |`,
    ),
    '',
  ]
  if (tally.examples.length)
    lines.push('## First failures', '', ...tally.examples.map((text) => `- ${text}`), '')
  if (undelivered.length)
    lines.push('## Webhooks not delivered', '', ...undelivered.map((text) => `- ${text}`), '')
  if (serverErrors.length)
    lines.push(
      '## First server errors',
      '',
      ...serverErrors.slice(0, 10).map((text) => `- \`${text.slice(0, 300)}\``),
      '',
    )
  return lines.join('\n')
}

async function main() {
  const startedAt = new Date()
  const sampleDir = mkdtempSync(join(tmpdir(), 'placet-soak-'))
  const sampleFile = join(sampleDir, 'samples.jsonl')
  const receiver = await WebhookReceiver.start()
  receiver.answerWith((_request, index) => (index % 5 === 4 ? 500 : 200))
  const serverErrors: string[] = []
  let pending = ''
  const server = await startProduct(DB, {
    nodeArgs: ['--expose-gc', '--import', './bench/soak-monitor.mjs'],
    env: {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_SCHEDULE: '1s,5s,30s',
      PLACET_SOAK_SAMPLES: sampleFile,
      PLACET_SOAK_SAMPLE_MS: String(SAMPLE_MS),
    },
    onOutput: (text) => {
      const lines = (pending + text).split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        // pino levels: 50 error, 60 fatal; anything unparsable on its output counts as well.
        const level = /"level":(\d+)/.exec(line)?.[1]
        if (line.trim() && (level === undefined || Number(level) >= 50)) serverErrors.push(line)
      }
    },
  })
  const tally = new Tally()
  const answered = new Set<string>()
  try {
    const cast = await createCast(server.url, false, AGENTS)
    for (const agent of cast.agents.slice(0, HOOKED)) {
      const reply = await call(
        server.url,
        'POST',
        '/api/v1/agents/setWebhook',
        { 'x-api-key': agent.apiKey },
        { channelId: agent.channelId, url: receiver.url(`/hook/${agent.channelId}`) },
      )
      if (reply.status !== 200) throw new Error(`setWebhook: ${reply.status}`)
    }
    const deadline = Date.now() + MINUTES * 60_000
    log(`${MINUTES} min of mixed traffic on ${DB}, server pid ${server.pid}`)
    const progress = setInterval(() => {
      const latest = readSamples(sampleFile).at(-1)
      log(
        `${tally.totalOps} ops, ${tally.totalFailures} failed, ${serverErrors.length} server errors; ` +
          `RSS ${fixed(latest?.rssMiB ?? 0)} MiB, heap ${fixed(latest?.heapUsedMiB ?? 0)} MiB, ` +
          `loop p99 ${fixed(latest?.lagP99Ms ?? 0)} ms`,
      )
    }, 60_000)
    await trafficOf(cast, tally, deadline, answered)
    clearInterval(progress)

    // Every answered review of a hooked agent owes one delivery; a request the receiver answered
    // 2xx (every one but each fifth) delivered it.
    const isDelivered = (id: string) =>
      receiver.received.some((request, index) => request.json?.messageId === id && index % 5 !== 4)
    const deliveredCount = () => [...answered].filter(isDelivered).length
    const settleBy = Date.now() + 60_000
    while (deliveredCount() < answered.size && Date.now() < settleBy) await pause(500)
    const undelivered: string[] = []
    for (const id of [...answered].filter((id) => !isDelivered(id)).slice(0, 20)) {
      const { body } = await call(server.url, 'GET', `/api/messages/${id}`, cast.personHeaders)
      const requests = receiver.received.filter((request) => request.json?.messageId === id)
      undelivered.push(
        `${id}: ${requests.length} request(s) received, message delivery status ${body?.deliveryStatus}`,
      )
    }
    const text = report({
      undelivered,
      startedAt,
      samples: readSamples(sampleFile),
      tally,
      serverErrors,
      webhooks: {
        owed: answered.size,
        delivered: deliveredCount(),
        requests: receiver.received.length,
        failedOnPurpose: receiver.received.filter((_request, index) => index % 5 === 4).length,
      },
    })
    const results = new URL('./results/', import.meta.url)
    mkdirSync(results, { recursive: true })
    const file = `${startedAt.toISOString().slice(0, 10)}-soak.md`
    writeFileSync(new URL(file, results), text)
    log(`written to bench/results/${file}`)
    console.log(text)
  } finally {
    await server.stop()
    await receiver.close()
    rmSync(sampleDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})

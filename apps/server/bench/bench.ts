/**
 * `pnpm bench` (issue 12): the floor (bare node:http + Socket.IO), the product on SQLite and on
 * PostgreSQL, and two product nodes sharing Redis, each in its own process, measured in one run
 * by the same clients; every figure is printed next to the floor's, as a ratio, and written to
 * `bench/results/<date>-<host>.md`. Ends with a CPU profile of the product's ingest.
 *
 * Knobs: PLACET_BENCH_SECONDS (ingest duration, default 10), PLACET_BENCH_SOCKETS (fan-out
 * audience, default 2000), PLACET_BENCH_ROUNDS (answer flows per scenario, default 150).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, hostname, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { signIn, createCast, type Cast } from './bench-clients.ts'
import {
  agentSockets,
  answerLatency,
  fanOut,
  ingest,
  type Ingest,
  type Latency,
  type Transport,
} from './bench-scenarios.ts'
import { startFloor, startProduct, type BenchServer } from './bench-servers.ts'
import { summariseProfile, type ProfileSummary } from './cpu-profile.ts'

const SECONDS = Number(process.env.PLACET_BENCH_SECONDS ?? 10)
const SOCKETS = Number(process.env.PLACET_BENCH_SOCKETS ?? 2000)
const ROUNDS = Number(process.env.PLACET_BENCH_ROUNDS ?? 150)
const AGENTS = 50
const AGENT_SOCKETS = 20
const FLOWS = 10
const FAN_OUT_MESSAGES = 5

type Flows = Record<`${Transport} ${'idle' | 'c10'}`, Latency>
type TargetResult = {
  ingest: Ingest
  flows: Flows
  fanOut: Latency
  rssIdleMiB: number
  rssLoadedMiB: number
}

const log = (line: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)

async function measureFlows(agentCast: Cast, personCast: Cast): Promise<Flows> {
  const sockets = await agentSockets(agentCast, AGENT_SOCKETS)
  try {
    const perFlow = Math.max(1, Math.round(ROUNDS / 5))
    return {
      'socket idle': await answerLatency(agentCast, personCast, sockets, 'socket', 1, ROUNDS),
      'socket c10': await answerLatency(agentCast, personCast, sockets, 'socket', FLOWS, perFlow),
      'long-poll idle': await answerLatency(agentCast, personCast, sockets, 'long-poll', 1, ROUNDS),
      'long-poll c10': await answerLatency(
        agentCast,
        personCast,
        sockets,
        'long-poll',
        FLOWS,
        perFlow,
      ),
    }
  } finally {
    for (const socket of sockets.values()) socket.close()
  }
}

async function measureTarget(name: string, server: BenchServer, isFloor: boolean) {
  try {
    const cast = await createCast(server.url, isFloor, AGENTS)
    const rssIdleMiB = server.rssMiB()
    log(`${name}: ingest, ${AGENTS} agents for ${SECONDS} s`)
    const sockets = await agentSockets(cast, AGENT_SOCKETS)
    const ingested = await ingest(cast, AGENTS, SECONDS)
    for (const socket of sockets.values()) socket.close()
    log(`${name}: answer -> agent flows`)
    const flows = await measureFlows(cast, cast)
    log(`${name}: fan-out to ${SOCKETS} dashboard sockets`)
    const fanned = await fanOut(cast, SOCKETS, FAN_OUT_MESSAGES, server.rssMiB)
    return {
      ingest: ingested,
      flows,
      fanOut: fanned.latency,
      rssIdleMiB,
      rssLoadedMiB: fanned.rssLoadedMiB,
    } satisfies TargetResult
  } finally {
    await server.stop()
  }
}

async function measureTwoNodes(): Promise<Flows> {
  const redisPrefix = `placet-bench-${randomBytes(4).toString('hex')}`
  const first = await startProduct('postgres', { redisPrefix })
  try {
    const second = await startProduct('postgres', { redisPrefix, databaseUrl: first.databaseUrl })
    try {
      const agents = await createCast(first.url, false, FLOWS)
      const person: Cast = { ...agents, url: second.url, personHeaders: await signIn(second.url) }
      log('two nodes: agent on the first, person on the second')
      return await measureFlows(agents, person)
    } finally {
      await second.stop()
    }
  } finally {
    await first.stop()
  }
}

async function profileIngest(): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'placet-profile-'))
  try {
    const server = await startProduct('sqlite', { cpuProfileDir: dir })
    let loadStartedAt = Date.now()
    try {
      const cast = await createCast(server.url, false, AGENTS)
      const sockets = await agentSockets(cast, AGENT_SOCKETS)
      log(`profile: ingest on SQLite for ${SECONDS} s`)
      loadStartedAt = Date.now()
      await ingest(cast, AGENTS, SECONDS)
      for (const socket of sockets.values()) socket.close()
    } finally {
      await server.stop()
    }
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
    if (!file) throw new Error('the server wrote no CPU profile')
    return summariseProfile(join(dir, file), Date.now() - loadStartedAt)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)
const times = (value: number, floor: number) => `${fixed(value / floor, 1)}×`
const percent = (value: number, floor: number) => `${fixed((100 * value) / floor, 0)} %`

type Target = { name: string; goal: string; isMet: boolean; miss: string }

function report(
  results: { floor: TargetResult; sqlite: TargetResult; postgres: TargetResult },
  twoNodes: Flows,
  profile: ProfileSummary,
  startedAt: Date,
  seconds: number,
): string {
  const { floor, sqlite, postgres } = results
  const row = (
    label: string,
    pick: (result: TargetResult) => number,
    ratio: (value: number, floor: number) => string,
    unit: string,
  ) =>
    `| ${label} | ${fixed(pick(floor))} ${unit} | ${fixed(pick(sqlite))} ${unit} | ${ratio(pick(sqlite), pick(floor))} | ${fixed(pick(postgres))} ${unit} | ${ratio(pick(postgres), pick(floor))} |`
  const flowRows = (Object.keys(floor.flows) as (keyof Flows)[]).flatMap((key) =>
    (['p50', 'p99'] as const).map((p) =>
      row(`answer -> agent, ${key}, ${p}`, (r) => r.flows[key][p], times, 'ms'),
    ),
  )
  const targets: Target[] = []
  const atLeast = (name: string, value: number, goal: number, unit: string) =>
    targets.push({
      name,
      goal: `>= ${goal}${unit}`,
      isMet: value >= goal,
      miss: `${fixed(value)}${unit}`,
    })
  const atMost = (name: string, value: number, goal: number, unit: string) =>
    targets.push({
      name,
      goal: `<= ${goal}${unit}`,
      isMet: value <= goal,
      miss: `${fixed(value, 2)}${unit}`,
    })
  atLeast(
    'ingest, SQLite, share of the floor',
    (100 * sqlite.ingest.requestsPerSecond) / floor.ingest.requestsPerSecond,
    35,
    ' %',
  )
  atLeast(
    'ingest, PostgreSQL, share of the floor',
    (100 * postgres.ingest.requestsPerSecond) / floor.ingest.requestsPerSecond,
    25,
    ' %',
  )
  for (const [db, result] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
  ] as const)
    for (const transport of ['socket', 'long-poll'] as const) {
      atMost(
        `${db}, ${transport} idle, p99 / floor p99`,
        result.flows[`${transport} idle`].p99 / floor.flows[`${transport} idle`].p99,
        2.5,
        '×',
      )
      atMost(
        `${db}, ${transport} c10, p99 / floor p99`,
        result.flows[`${transport} c10`].p99 / floor.flows[`${transport} c10`].p99,
        2,
        '×',
      )
    }
  for (const key of Object.keys(twoNodes) as (keyof Flows)[])
    atMost(`two nodes, ${key}, p99`, twoNodes[key].p99, 50, ' ms')
  for (const [db, result] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
  ] as const) {
    atMost(`${db}, fan-out to ${SOCKETS} sockets, p95`, result.fanOut.p95, 250, ' ms')
    atMost(`${db}, RSS at ${SOCKETS} sockets`, result.rssLoadedMiB, 400, ' MiB')
  }

  const cpu = cpus()
  return [
    `# Benchmark, ${startedAt.toISOString().slice(0, 10)}`,
    '',
    `- started: ${startedAt.toISOString()}, took ${fixed(seconds, 0)} s`,
    `- machine: ${hostname()}, ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${loadavg()
      .map((value) => fixed(value, 2))
      .join(' / ')} (shared with other work)`,
    `- load: ${AGENTS} agents (one API key and channel each) posting for ${SECONDS} s after 2 s of warm-up, ${AGENT_SOCKETS} agent sockets subscribed; answer flows ${ROUNDS} at concurrency 1, ${FLOWS} × ${Math.round(ROUNDS / 5)} at concurrency ${FLOWS}; fan-out of ${FAN_OUT_MESSAGES} messages to ${SOCKETS} dashboard sockets`,
    '',
    '| figure | floor | SQLite | SQLite / floor | PostgreSQL | PostgreSQL / floor |',
    '|---|---|---|---|---|---|',
    row('ingest, requests/s', (r) => r.ingest.requestsPerSecond, percent, 'req/s'),
    row('ingest latency p50', (r) => r.ingest.p50, times, 'ms'),
    row('ingest latency p99', (r) => r.ingest.p99, times, 'ms'),
    row(
      'ingest failures (non-2xx, errors)',
      (r) => r.ingest.failures,
      () => '',
      '',
    ),
    ...flowRows,
    row(`fan-out to ${SOCKETS} sockets, p50`, (r) => r.fanOut.p50, times, 'ms'),
    row(`fan-out to ${SOCKETS} sockets, p95`, (r) => r.fanOut.p95, times, 'ms'),
    row('server RSS idle', (r) => r.rssIdleMiB, times, 'MiB'),
    row(`server RSS at ${SOCKETS} sockets`, (r) => r.rssLoadedMiB, times, 'MiB'),
    '',
    '## Two nodes (PostgreSQL + Redis): agent on one, person on the other',
    '',
    '| flow | p50 | p99 | p99 / single-node floor p99 |',
    '|---|---|---|---|',
    ...(Object.keys(twoNodes) as (keyof Flows)[]).map(
      (key) =>
        `| ${key} | ${fixed(twoNodes[key].p50)} ms | ${fixed(twoNodes[key].p99)} ms | ${times(twoNodes[key].p99, floor.flows[key].p99)} |`,
    ),
    '',
    '## Targets (issue 12)',
    '',
    '| target | goal | measured | |',
    '|---|---|---|---|',
    ...targets.map(
      (t) => `| ${t.name} | ${t.goal} | ${t.miss} | ${t.isMet ? 'met' : '**missed**'} |`,
    ),
    '',
    `## CPU profile of the product's ingest (SQLite, ${fixed(profile.busyMs / 1000)} s on CPU)`,
    '',
    '| area | self time | share |',
    '|---|---|---|',
    ...profile.areas.map((a) => `| ${a.name} | ${fixed(a.ms, 0)} ms | ${fixed(100 * a.share)} % |`),
    '',
    '| function | self time | share |',
    '|---|---|---|',
    ...profile.functions.map(
      (f) => `| \`${f.name}\` | ${fixed(f.ms, 0)} ms | ${fixed(100 * f.share)} % |`,
    ),
    '',
  ].join('\n')
}

async function main() {
  const startedAt = new Date()
  log('floor')
  const floor = await measureTarget('floor', await startFloor(), true)
  log('product on SQLite')
  const sqlite = await measureTarget('sqlite', await startProduct('sqlite'), false)
  log('product on PostgreSQL')
  const postgres = await measureTarget('postgres', await startProduct('postgres'), false)
  const twoNodes = await measureTwoNodes()
  const profile = await profileIngest()
  const text = report(
    { floor, sqlite, postgres },
    twoNodes,
    profile,
    startedAt,
    (Date.now() - startedAt.getTime()) / 1000,
  )
  console.log(text)
  const file = `${startedAt.toISOString().slice(0, 10)}-${hostname()}.md`
  const results = new URL('./results/', import.meta.url)
  mkdirSync(results, { recursive: true })
  writeFileSync(new URL(file, results), text)
  log(`written to bench/results/${file}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)

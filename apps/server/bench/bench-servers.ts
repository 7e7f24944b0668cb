/**
 * The servers under test, each in a process of its own (so the load generator in the bench
 * process does not share its event loop): the floor, and the built product
 * (`node dist/main.js`) on SQLite or PostgreSQL, alone or as one of two nodes sharing Redis.
 * Every process is tracked, so none outlives the run.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnTracked, type TrackedChild } from '@placet/testing/child-processes'
import { createTestDatabase } from '../test/harness.ts'

const SERVER_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const OWNER = { email: 'bench@placet.local', password: 'bench-password' }
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

export type BenchServer = {
  url: string
  pid: number
  /** Resident set size of the server process, in MiB. */
  rssMiB: () => number
  stop: () => Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function waitUntilHealthy(url: string, child: TrackedChild, output: () => string) {
  const deadline = Date.now() + 60_000
  let hasExited = false
  void child.exited.then(() => (hasExited = true))
  while (Date.now() < deadline && !hasExited) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await child.stop()
  throw new Error(`server at ${url} did not come up:\n${output()}`)
}

async function startProcess(args: string[], env: Record<string, string>): Promise<BenchServer> {
  const port = await freePort()
  const child = spawnTracked(process.execPath, [...args, String(port)], {
    cwd: SERVER_ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000))
  child.process.stdout?.on('data', keep)
  child.process.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  await waitUntilHealthy(url, child, () => output)
  const pid = child.process.pid!
  return {
    url,
    pid,
    rssMiB: () => {
      const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      return Number(line?.[1] ?? 0) / 1024
    },
    stop: () => child.stop(),
  }
}

export function startFloor(): Promise<BenchServer> {
  return startProcess(['--import', 'tsx', 'bench/floor-server.ts'], {})
}

export type ProductOptions = {
  /** A database shared with another node; a fresh one of `db` otherwise. */
  databaseUrl?: string
  redisPrefix?: string
  /** Directory for a V8 CPU profile, written when the process exits. */
  cpuProfileDir?: string
}

export type ProductServer = BenchServer & { databaseUrl: string }

/** `node dist/main.js` on a fresh database of `db` (or the one given), seeded with the owner. */
export async function startProduct(
  db: 'sqlite' | 'postgres',
  options: ProductOptions = {},
): Promise<ProductServer> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(db)
  const dataDir = mkdtempSync(join(tmpdir(), 'placet-bench-'))
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    INITIAL_USER_EMAIL: OWNER.email,
    INITIAL_USER_PASSWORD: OWNER.password,
    PASSWORD_HASH_COST: '4',
    LOGIN_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    WEB_DIR: join(dataDir, 'no-web'),
  }
  if (options.redisPrefix) Object.assign(env, { REDIS_URL, REDIS_PREFIX: options.redisPrefix })
  const profile = options.cpuProfileDir
    ? [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfileDir}`]
    : []
  // main.js reads PORT from the environment; the trailing port argument is ignored.
  const server = await startProcess([...profile, 'dist/main.js'], env)
  return {
    ...server,
    databaseUrl: database.url,
    stop: async () => {
      await server.stop()
      if (!options.databaseUrl) await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

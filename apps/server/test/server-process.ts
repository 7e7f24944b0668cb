/**
 * Real server processes (`node dist/main.js`, as production runs it) for the tests that need a
 * process boundary: scale-out across nodes, SIGKILL and SIGTERM, and reading the server's own
 * log for errors. Every process is a tracked child, so none outlives the run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnTracked, type TrackedChild } from '@placet/testing/child-processes'
import { createTestDatabase, OWNER_EMAIL, OWNER_PASSWORD } from './harness.ts'

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const START_LIMIT_MS = 30_000

/** One line of the server's pino log. */
export type LogLine = { level: number; msg?: string; [field: string]: unknown }

export type ServerProcess = {
  url: string
  child: TrackedChild
  /** Every log line so far, parsed. */
  log: LogLine[]
  /** Log lines at error level or worse (pino: 50 error, 60 fatal). */
  errors: () => LogLine[]
}

/** A database and data directory that outlive the processes started on them. */
export type ServerSite = {
  databaseUrl: string
  /** Starts a node on this site; `env` overrides settings as the environment would. */
  start: (env?: Record<string, string>) => Promise<ServerProcess>
  destroy: () => Promise<void>
}

export async function createServerSite(env: Record<string, string> = {}): Promise<ServerSite> {
  const database = await createTestDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), 'placet-proc-'))
  return {
    databaseUrl: database.url,
    start: (override = {}) =>
      startServerProcess({
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        ...env,
        ...override,
      }),
    destroy: async () => {
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawnTracked(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-anything',
      INITIAL_USER_EMAIL: OWNER_EMAIL,
      INITIAL_USER_PASSWORD: OWNER_PASSWORD,
      PASSWORD_HASH_COST: '4',
      LOG_LEVEL: 'info',
      WEB_DIR: join(tmpdir(), 'placet-no-web'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: LogLine[] = []
  let pending = ''
  let stderr = ''
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A process that never announced itself (stuck, or a LOG_LEVEL that hides the line) is
      // stopped here: the caller never gets a handle to stop it.
      void child.kill()
      reject(new Error(`server did not start: ${stderr}${pending}`))
    }, START_LIMIT_MS)
    child.process.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n')
      pending = lines.pop() ?? ''
      for (const text of lines) {
        if (!text.trim()) continue
        const line = parseLine(text)
        log.push(line)
        if (line.msg === 'Placet is listening') {
          clearTimeout(timer)
          resolve(String(line.url))
        }
      }
    })
    child.process.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening: ${stderr}`))
    }, reject)
  })
  const url = (await listening).replace('localhost', '127.0.0.1')
  return { url, child, log, errors: () => log.filter((line) => line.level >= 50) }
}

function parseLine(text: string): LogLine {
  try {
    return JSON.parse(text) as LogLine
  } catch {
    return { level: 50, msg: `unparsed output: ${text}` }
  }
}

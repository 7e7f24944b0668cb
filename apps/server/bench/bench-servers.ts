/**
 * The servers under test, each in a process of its own (so the load generator in the bench
 * process does not share its event loop): the floor, and the built product
 * (`node dist/main.js`) on SQLite or PostgreSQL, alone or as one of two nodes sharing Redis.
 * Every process is tracked, so none outlives the run.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestDatabase } from '../test/harness.ts'
import { startServerProcess, type ServerProcess } from '../test/http-service-process.ts'

export const OWNER = { email: 'bench@placet.local', password: 'bench-password' }
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

export type BenchServer = ServerProcess

export function startFloor(): Promise<BenchServer> {
  return startServerProcess(['--import', 'tsx', 'bench/floor-server.ts'], {})
}

export type ProductOptions = {
  /** A database shared with another node; a fresh one of `db` otherwise. */
  databaseUrl?: string
  redisPrefix?: string
  /** Directory for a V8 CPU profile, written when the process exits. */
  cpuProfileDir?: string
  /** More settings, and node flags before the entry point (the soak's monitor). */
  env?: Record<string, string>
  nodeArgs?: string[]
  onOutput?: (text: string) => void
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
    ...options.env,
  }
  if (options.redisPrefix) Object.assign(env, { REDIS_URL, REDIS_PREFIX: options.redisPrefix })
  const profile = options.cpuProfileDir
    ? [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfileDir}`]
    : []
  const server = await startServerProcess(
    [...profile, ...(options.nodeArgs ?? []), 'dist/main.js'],
    env,
    { onOutput: options.onOutput },
  )
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

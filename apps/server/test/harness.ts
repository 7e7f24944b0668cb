/**
 * Boots real servers for the integration tests: a fresh SQLite file or a fresh PostgreSQL
 * database per server (PLACET_TEST_DB picks which), real HTTP on a loopback port.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { loadConfig } from '../src/config.ts'
import { startServer, type RunningServer } from '../src/server.ts'

export const TEST_DB = process.env.PLACET_TEST_DB === 'postgres' ? 'postgres' : 'sqlite'
const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
export const OWNER_EMAIL = 'owner@placet.test'
export const OWNER_PASSWORD = 'owner-password'

/** A fresh, empty database of the kind under test, and how to throw it away. */
export async function createTestDatabase(
  kind: 'sqlite' | 'postgres' = TEST_DB,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `placet_test_${randomBytes(6).toString('hex')}`
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'placet-db-'))
    return {
      url: `file:${join(dir, `${name}.db`)}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

export type TestServer = RunningServer & {
  databaseUrl: string
  dataDir: string
  /** Stops the server and deletes its database and data directory. */
  destroy: () => Promise<void>
  /** Stops and starts the server again on the same database (a restart). */
  restart: (env?: Record<string, string>) => Promise<TestServer>
}

/** Starts a server on a fresh database; `env` overrides settings as the environment would. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), 'placet-data-'))
  return boot(database, dataDir, env)
}

async function boot(
  database: { url: string; drop: () => Promise<void> },
  dataDir: string,
  env: Record<string, string>,
): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-anything',
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
    PASSWORD_HASH_COST: '4',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    WEB_DIR: join(dataDir, 'no-web'),
    ...env,
  })
  const server = await startServer(config)
  return {
    ...server,
    databaseUrl: database.url,
    dataDir,
    destroy: async () => {
      await server.close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
    restart: async (override = env) => {
      await server.close()
      return boot(database, dataDir, override)
    },
  }
}

export type Reply<Body = any> = { status: number; body: Body; headers: Headers }

/**
 * A client of the server over real HTTP: remembers its session cookie, and sends its API key
 * when it has one.
 */
export class TestClient {
  cookie: string | undefined
  apiKey: string | undefined

  constructor(readonly baseUrl: string) {}

  async request<Body = any>(
    method: string,
    path: string,
    body?: unknown,
    init: { headers?: Record<string, string>; raw?: string } = {},
  ): Promise<Reply<Body>> {
    const headers: Record<string, string> = { ...init.headers }
    if (body !== undefined || init.raw !== undefined) headers['content-type'] ??= 'application/json'
    if (this.cookie) headers.cookie ??= this.cookie
    if (this.apiKey) headers['x-api-key'] ??= this.apiKey
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const setCookie = response.headers
      .getSetCookie()
      .find((value) => value.startsWith('access_token='))
    if (setCookie) this.cookie = setCookie.split(';')[0]
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as Body, headers: response.headers }
  }

  get = <Body = any>(path: string, init?: { headers?: Record<string, string> }) =>
    this.request<Body>('GET', path, undefined, init)
  post = <Body = any>(path: string, body?: unknown, init?: { headers?: Record<string, string> }) =>
    this.request<Body>('POST', path, body ?? {}, init)
  patch = <Body = any>(path: string, body?: unknown) =>
    this.request<Body>('PATCH', path, body ?? {})
  put = <Body = any>(path: string, body?: unknown) => this.request<Body>('PUT', path, body ?? {})
  delete = <Body = any>(path: string) => this.request<Body>('DELETE', path)

  async login(email: string, password: string): Promise<this> {
    const reply = await this.post('/api/auth/login', { email, password })
    if (reply.status !== 200)
      throw new Error(`login failed: ${reply.status} ${JSON.stringify(reply.body)}`)
    return this
  }

  /** Creates an API key for the signed-in user and uses it from now on. */
  async useNewApiKey(label = 'test'): Promise<string> {
    const reply = await this.post('/api/api-keys', { label })
    if (reply.status !== 201) throw new Error(`api key failed: ${reply.status}`)
    this.apiKey = reply.body.key
    return reply.body.key
  }
}

/** The seeded owner, signed in, with an API key. */
export async function ownerClient(server: RunningServer): Promise<TestClient> {
  const client = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  await client.useNewApiKey()
  return client
}

/** A new member (created by the owner), signed in, with an API key of their own. */
export async function memberClient(
  server: RunningServer,
  email = `member-${randomBytes(3).toString('hex')}@placet.test`,
): Promise<TestClient> {
  const owner = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  const created = await owner.post('/api/users', {
    email,
    displayName: 'Member',
    password: 'member-password',
  })
  if (created.status !== 201) throw new Error(`create member failed: ${created.status}`)
  const client = await new TestClient(server.url).login(email, 'member-password')
  await client.useNewApiKey()
  return client
}

/** How long a test waits for an outcome before it fails, naming what it waited for. */
export const WAIT_LIMIT_MS = 20_000

/**
 * Polls `read` until `isDone` holds for what it returned (by default: until it is truthy) and
 * returns that value. Tests wait for the outcome the API reports; they never assert on the clock.
 *
 * @example
 * await eventually(() => statusOf(review.id), (status) => status === 'expired', 'the review to expire')
 */
export async function eventually<Value>(
  read: () => Promise<Value> | Value,
  isDone: (value: Value) => boolean = Boolean,
  what = 'condition',
): Promise<Value> {
  const giveUpAt = Date.now() + WAIT_LIMIT_MS
  for (;;) {
    const value = await read()
    if (isDone(value)) return value
    if (Date.now() > giveUpAt) {
      throw new Error(`gave up waiting for ${what}; last value: ${JSON.stringify(value)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

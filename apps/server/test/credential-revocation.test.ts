import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestClient, createTestDatabase } from './harness.ts'
import { SOURCE_ENTRY, startServerProcess, type ServerProcess } from './http-service-process.ts'
import { connectSocket } from './socket-harness.ts'

/**
 * Keys and sessions are checked from memory (issue 12); a rotated or deleted key, or a changed
 * user, must be refused at once on every node. Two real server processes share the database
 * and Redis; each request below goes to one of them right after the change answered.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const OWNER = { email: 'owner@placet.test', password: 'owner-password' }

let database: Awaited<ReturnType<typeof createTestDatabase>>
const dataDirs: string[] = []
const nodes: ServerProcess[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  const prefix = `placet-test-${randomBytes(4).toString('hex')}`
  for (let index = 0; index < 2; index++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'placet-node-'))
    dataDirs.push(dataDir)
    nodes.push(
      await startServerProcess(SOURCE_ENTRY, {
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-anything',
        INITIAL_USER_EMAIL: OWNER.email,
        INITIAL_USER_PASSWORD: OWNER.password,
        PASSWORD_HASH_COST: '4',
        LOG_LEVEL: 'warn',
        WEB_DIR: join(dataDir, 'no-web'),
      }),
    )
  }
}, 120_000)
afterAll(async () => {
  for (const node of nodes) await node.stop()
  await database?.drop()
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

/** An agent call on `node` with `key`: its status. */
async function statusWithKey(node: ServerProcess, key: string): Promise<number> {
  const client = new TestClient(node.url)
  client.apiKey = key
  return (await client.get('/api/v1/agents')).status
}

async function socketRefused(node: ServerProcess, key: string): Promise<string | null> {
  try {
    ;(await connectSocket(node.url, { apiKey: key })).close()
    return null
  } catch (error) {
    return (error as Error).message
  }
}

describe('credentials checked from memory on two nodes', () => {
  it('refuses a rotated key at once on both nodes, and takes the new one', async () => {
    const [first, second] = nodes as [ServerProcess, ServerProcess]
    const owner = await new TestClient(first.url).login(OWNER.email, OWNER.password)
    const created = await owner.post('/api/api-keys', { label: 'rotating' })
    const oldKey = created.body.key as string
    // Both nodes now remember the key.
    expect(await statusWithKey(first, oldKey)).toBe(200)
    expect(await statusWithKey(second, oldKey)).toBe(200)
    expect(await socketRefused(second, oldKey)).toBeNull()

    const rotated = await owner.post(`/api/api-keys/${created.body.id}/rotate`)
    expect(rotated.status).toBe(200)
    expect(await statusWithKey(second, oldKey)).toBe(401)
    expect(await statusWithKey(first, oldKey)).toBe(401)
    expect(await socketRefused(second, oldKey)).toBe('unauthorized')
    expect(await statusWithKey(second, rotated.body.key)).toBe(200)
  })

  it('refuses a deleted key at once on both nodes', async () => {
    const [first, second] = nodes as [ServerProcess, ServerProcess]
    const owner = await new TestClient(second.url).login(OWNER.email, OWNER.password)
    const created = await owner.post('/api/api-keys', { label: 'deleted' })
    expect(await statusWithKey(first, created.body.key)).toBe(200)
    expect(await statusWithKey(second, created.body.key)).toBe(200)

    expect((await owner.delete(`/api/api-keys/${created.body.id}`)).status).toBe(200)
    expect(await statusWithKey(first, created.body.key)).toBe(401)
    expect(await statusWithKey(second, created.body.key)).toBe(401)
    expect(await socketRefused(first, created.body.key)).toBe('unauthorized')
  })

  it('ends older sessions at once on both nodes when the password changes', async () => {
    const [first, second] = nodes as [ServerProcess, ServerProcess]
    const member = await new TestClient(first.url).login(OWNER.email, OWNER.password)
    const created = await member.post('/api/users', {
      email: 'changer@placet.test',
      displayName: 'Changer',
      password: 'first-password',
    })
    expect(created.status).toBe(201)
    const onFirst = await new TestClient(first.url).login('changer@placet.test', 'first-password')
    const onSecond = new TestClient(second.url)
    onSecond.cookie = onFirst.cookie
    expect((await onSecond.get('/api/auth/me')).status).toBe(200)
    expect((await onFirst.get('/api/auth/me')).status).toBe(200)

    const stale = onFirst.cookie
    const changed = await onFirst.post('/api/auth/change-password', {
      currentPassword: 'first-password',
      newPassword: 'second-password',
    })
    expect(changed.status).toBe(200)
    onSecond.cookie = stale
    expect((await onSecond.get('/api/auth/me')).status).toBe(401)
  })

  it('ends a session at once on both nodes at logout', async () => {
    const [first, second] = nodes as [ServerProcess, ServerProcess]
    const owner = await new TestClient(second.url).login(OWNER.email, OWNER.password)
    const created = await owner.post('/api/users', {
      email: 'leaver@placet.test',
      displayName: 'Leaver',
      password: 'leaver-password',
    })
    expect(created.status).toBe(201)
    const onFirst = await new TestClient(first.url).login('leaver@placet.test', 'leaver-password')
    const onSecond = new TestClient(second.url)
    onSecond.cookie = onFirst.cookie
    // Both nodes now remember the session's user.
    expect((await onSecond.get('/api/auth/me')).status).toBe(200)
    expect((await onFirst.get('/api/auth/me')).status).toBe(200)

    expect((await onFirst.post('/api/auth/logout')).status).toBe(200)
    expect((await onSecond.get('/api/auth/me')).status).toBe(401)
    onFirst.cookie = onSecond.cookie
    expect((await onFirst.get('/api/auth/me')).status).toBe(401)
  })
})

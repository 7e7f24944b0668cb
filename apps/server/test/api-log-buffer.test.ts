import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiLogService } from '../src/domain/agents/api-logs.ts'
import { countInboundRequests } from '../src/store/api-logs.ts'
import { ownerClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let userId: string

beforeAll(async () => {
  server = await startTestServer()
  userId = (await (await ownerClient(server)).get('/api/auth/me')).body.user.id
})
afterAll(() => server.destroy())

const call = (path: string) => ({
  userId,
  agentId: null,
  method: 'GET',
  path,
  requestBody: undefined,
  responseBody: { ok: true },
  statusCode: 200,
  durationMs: 1,
  direction: 'inbound' as const,
})

describe('the API log buffer', () => {
  it('writes queued calls in one go, keeps at most its bound, and drains before shutdown', async () => {
    const apiLogs = new ApiLogService(server.services.db, 3)
    const count = () =>
      server.services.db
        .read((tx) => countInboundRequests(tx, userId))
        .then((c) => c.successRequests)
    const before = await count()
    const statements: string[] = []
    const stop = server.services.db.onStatement((sql) => statements.push(sql))
    for (let index = 0; index < 5; index++) apiLogs.record(call(`/api/v1/buffered/${index}`))
    await apiLogs.drain()
    stop()
    expect((await count()) - before).toBe(3)
    // One transaction for the batch, a prepared insert per row.
    expect(statements.filter((sql) => sql.startsWith('COMMIT'))).toHaveLength(1)
    expect(statements.filter((sql) => sql.trim().startsWith('INSERT'))).toHaveLength(3)
    // Once written, the buffer takes calls again.
    apiLogs.record(call('/api/v1/buffered/after'))
    await apiLogs.drain()
    expect((await count()) - before).toBe(4)
  })
})

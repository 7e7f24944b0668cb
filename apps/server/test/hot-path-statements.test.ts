import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TEST_DB,
  TestClient,
  ownerClient,
  startTestServer,
  type TestServer,
} from './harness.ts'
import { connectSocket } from './socket-harness.ts'

/**
 * The statements each hot request runs (issue 12), counted, not timed: keys and sessions come
 * from memory, the API log is written later in batches (its own test), and a change is one
 * transaction with only the statements it needs. A query added to the hot path fails here.
 */
let server: TestServer
let agent: TestClient
let person: TestClient
let channelId: string

beforeAll(async () => {
  server = await startTestServer()
  agent = await ownerClient(server)
  person = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  channelId = (await agent.post('/api/v1/agents', { name: 'counted' })).body.id
  // The key's and the session's first use are behind us: what follows is the steady state.
  await agent.post('/api/v1/messages', { channelId, text: 'warm' })
  await person.get('/api/auth/me')
})
afterAll(() => server.destroy())

/** `SELECT Agent`, `INSERT Event`, `COMMIT`, `LOCK` (PostgreSQL's append lock)… */
function labelOf(sql: string): string {
  if (sql.includes('pg_advisory_xact_lock')) return 'LOCK'
  const table = /(?:FROM|INTO|UPDATE)\s+(?:[`"]\w+[`"]\.)?[`"](\w+)[`"]/.exec(sql)?.[1]
  return table ? `${sql.trim().split(/\s/)[0]} ${table}` : sql.trim()
}

/**
 * The statements `run` caused, without what runs off the request path after the answer: the
 * API log's batch, and the push sender's read of a user's subscriptions (cached for a minute,
 * so it lands in whichever window follows its expiry).
 */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  await server.services.apiLogs.drain()
  const labels: string[] = []
  const stop = server.services.db.onStatement((sql) => labels.push(labelOf(sql)))
  try {
    await run()
    await server.services.apiLogs.drain()
  } finally {
    stop()
  }
  // Transaction bookkeeping is not a statement of the request: Prisma does not report the BEGIN
  // of its PostgreSQL transactions, and SQLite's group commit gives each its own savepoint.
  const bookkeeping = /^(BEGIN|SAVEPOINT|RELEASE)\b/
  labels.splice(0, labels.length, ...labels.filter((label) => !bookkeeping.test(label)))
  for (const offPath of ['INSERT ApiLog', 'SELECT PushSubscription']) {
    const at = labels.indexOf(offPath)
    if (at >= 0) labels.splice(at, labels[at + 1] === 'COMMIT' ? 2 : 1)
  }
  return labels
}

const lock = TEST_DB === 'postgres' ? ['LOCK'] : []

const ANSWER = [
  'SELECT Message',
  'SELECT Attachment',
  'SELECT Agent',
  'UPDATE Message',
  ...lock,
  'INSERT Event',
  'COMMIT',
]

const askReview = async () =>
  (
    await agent.post('/api/v1/messages', {
      channelId,
      text: 'Deploy?',
      review: { type: 'approval' },
    })
  ).body.id as string

describe('statements per hot request', () => {
  it('an agent post is one transaction: channel check, message, event', async () => {
    const expected = ['SELECT Agent', 'INSERT Message', ...lock, 'INSERT Event', 'COMMIT']
    expect(
      await statementsOf(() => agent.post('/api/v1/messages', { channelId, text: 'hi' })),
    ).toEqual(expected)
    expect(await statementsOf(askReview)).toEqual(expected)
  })

  it("the person's answer runs no session query", async () => {
    const id = await askReview()
    expect(
      await statementsOf(() =>
        person.post(`/api/messages/${id}/respond`, { response: { selectedOption: 'approve' } }),
      ),
    ).toEqual(ANSWER)
  })

  it('a long-poll reads the review once, and a held one is woken without a query', async () => {
    const answered = await askReview()
    await person.post(`/api/messages/${answered}/respond`, {
      response: { selectedOption: 'approve' },
    })
    const readReview = ['SELECT Agent', 'SELECT Message', 'SELECT Attachment']
    expect(
      await statementsOf(() =>
        agent.get(`/api/v1/reviews/${answered}/wait?channel=${channelId}&timeout=1000`),
      ),
    ).toEqual(readReview)

    const held = await askReview()
    const statements = await statementsOf(async () => {
      const waiting = agent.get(`/api/v1/reviews/${held}/wait?channel=${channelId}&timeout=20000`)
      // Wait until the poll is held, so the answer must wake it.
      while (server.services.reviewWaiters.size === 0)
        await new Promise((resolve) => setImmediate(resolve))
      await person.post(`/api/messages/${held}/respond`, {
        response: { selectedOption: 'approve' },
      })
      expect((await waiting).body.status).toBe('completed')
    })
    // The wait's one read and the answer's transaction (on PostgreSQL's pool they may
    // interleave); nothing after the wake-up.
    expect(statements.sort()).toEqual([...readReview, ...ANSWER].sort())
  })

  it('a heartbeat that changes nothing writes nothing', async () => {
    const ping = () => agent.post('/api/v1/status/ping', { agentId: channelId, status: 'active' })
    expect((await ping()).status).toBe(201)
    expect(await statementsOf(ping)).toEqual(['SELECT Agent'])
    const changed = await statementsOf(() =>
      agent.post('/api/v1/status/ping', { agentId: channelId, status: 'busy' }),
    )
    expect(changed).toContain('UPDATE Agent')
  })

  it('keeps PostgreSQL commits synchronous, and syncs SQLite at WAL checkpoints', async () => {
    const setting = await server.services.db.read((tx) =>
      tx.$queryRawUnsafe<Record<string, unknown>[]>(
        TEST_DB === 'postgres' ? 'SHOW synchronous_commit' : 'PRAGMA synchronous',
      ),
    )
    // SQLite: 1 is NORMAL (2 would be FULL).
    expect(Object.values(setting[0]!).map(String)).toEqual([TEST_DB === 'postgres' ? 'on' : '1'])
  })

  it('a socket with a known key connects without a query', async () => {
    expect(
      await statementsOf(async () =>
        (await connectSocket(server.url, { apiKey: agent.apiKey })).close(),
      ),
    ).toEqual([])
  })
})

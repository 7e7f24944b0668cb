import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { Database } from '../src/store/database.ts'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, eventually } from './harness.ts'
import { createServerSite, type ServerProcess, type ServerSite } from './server-process.ts'
import { answer, askApproval, awaitDelivery, createHookedAgent } from './webhook-flows.ts'
import { WebhookReceiver, verifyWebhook } from './webhook-receiver.ts'

/*
 * A webhook attempt in flight when its server is SIGKILLed (issue 14). The lease it held lasts
 * WEBHOOK_TIMEOUT + 30 s (90 s here), so a retry that comes within RETRY_LIMIT_MS can only come
 * from the lease being released because its node is known to be dead: at the restart when the
 * process is alone, or by a peer once the dead node's presence lapses in Redis.
 */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const SETTINGS = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_TIMEOUT: '60s',
  WEBHOOK_RETRY_SCHEDULE: '50ms,50ms,50ms',
}
/** Well under the 90 s lease; a peer notices a dead node within about 5 s. */
const RETRY_LIMIT_MS = 12_000

let site: ServerSite | undefined
let nodes: ServerProcess[] = []
let receiver: WebhookReceiver | undefined
afterEach(async () => {
  // First the receiver: a request it still holds open would hold up a node's graceful stop.
  await receiver?.close()
  for (const node of nodes) await node.child.stop()
  await site?.destroy()
  site = receiver = undefined
  nodes = []
})

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const node = await site!.start(env)
  nodes.push(node)
  return node
}

/** The node id a process announced when it started listening. */
function nodeIdOf(node: ServerProcess): string {
  return String(node.log.find((line) => line.msg === 'Placet is listening')?.nodeId)
}

/** An answered review whose webhook the receiver holds open, leased by the node that sent it. */
async function holdDeliveryOpen(node: ServerProcess) {
  receiver = await WebhookReceiver.start()
  receiver.answerWith((_request, index) => (index === 0 ? 'hang' : 200))
  const owner = await new TestClient(node.url).login(OWNER_EMAIL, OWNER_PASSWORD)
  await owner.useNewApiKey()
  const { agentId, secret } = await createHookedAgent(owner, receiver.url('/held'))
  const messageId = await askApproval(owner, agentId)
  await answer(owner, messageId)
  const [held] = await receiver.waitFor('/held', 1)
  return { owner, agentId, secret, messageId, held: held! }
}

/** Who holds the lease of the agent's delivery, read from the database. */
async function leaseHolderOf(agentId: string): Promise<string | null> {
  const db = await Database.open(site!.databaseUrl)
  try {
    const row = await db.read((tx) => tx.webhookDelivery.findFirst({ where: { agentId } }))
    return row?.lockedBy ?? null
  } finally {
    await db.close()
  }
}

describe('a webhook delivery in flight when its server dies', () => {
  it('is retried as soon as a lone server restarts, with the same webhook-id and a valid signature', async () => {
    site = await createServerSite(SETTINGS)
    const first = await start()
    const { agentId, secret, messageId, held } = await holdDeliveryOpen(first)
    expect(await leaseHolderOf(agentId)).toBe(nodeIdOf(first))

    await first.child.kill()
    const second = await start()
    expect(nodeIdOf(second)).not.toBe(nodeIdOf(first))
    const [, retried] = await receiver!.waitFor('/held', 2, RETRY_LIMIT_MS)

    expect(retried!.headers['webhook-id']).toBe(held.headers['webhook-id'])
    for (const request of [held, retried!])
      expect(verifyWebhook(secret, request)).toMatchObject({ event: 'review:responded', messageId })
    const owner = await new TestClient(second.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    // The attempt that died with its process was never recorded; the retry is the first.
    const delivery = await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([200])
    expect(await leaseHolderOf(agentId)).toBeNull()
    expect(second.errors()).toEqual([])
  })

  it('is retried by a peer once the dead node’s presence lapses, without any restart', async () => {
    site = await createServerSite({
      ...SETTINGS,
      REDIS_URL,
      REDIS_PREFIX: `placet-test-${randomBytes(4).toString('hex')}`,
    })
    const [first, second] = [await start(), await start()]
    const { agentId, secret, messageId, held } = await holdDeliveryOpen(first!)
    // The node that committed the answer claims its delivery at once.
    expect(await leaseHolderOf(agentId)).toBe(nodeIdOf(first!))

    await first!.child.kill()
    nodes = [second!]
    const [, retried] = await receiver!.waitFor('/held', 2, RETRY_LIMIT_MS)

    expect(retried!.headers['webhook-id']).toBe(held.headers['webhook-id'])
    for (const request of [held, retried!])
      expect(verifyWebhook(secret, request)).toMatchObject({ event: 'review:responded', messageId })
    const owner = await new TestClient(second!.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    await awaitDelivery(owner, agentId, (entry) => entry.state === 'delivered')
    expect(
      second!.log.some((line) => line.msg === 'released leases of dead nodes' && line.released),
    ).toBe(true)
    expect(second!.errors()).toEqual([])
  })

  it('is left alone while the node holding it is alive', async () => {
    site = await createServerSite({
      ...SETTINGS,
      REDIS_URL,
      REDIS_PREFIX: `placet-test-${randomBytes(4).toString('hex')}`,
    })
    const first = await start()
    const { agentId } = await holdDeliveryOpen(first)
    // A peer starting up looks for dead nodes' leases at once; the holder is alive.
    const second = await start({ LOG_LEVEL: 'debug' })
    const holder = nodeIdOf(first)
    // Several of the peer's once-a-second looks pass while the attempt stays in flight.
    await eventually(
      () => second.log.filter((line) => line.msg === 'looked for leases of dead nodes').length,
      (looks) => looks >= 3,
      'three looks for dead nodes by the peer',
    )
    expect(await leaseHolderOf(agentId)).toBe(holder)
    expect(receiver!.at('/held')).toHaveLength(1)
  })
})

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPinnedConnector } from './pinned-connector.ts'
import { findWebhookUrlProblem, type Resolver } from './webhook-url-guard.ts'
import { sendWebhookRequest } from './webhook-sender.ts'

/** A receiver on loopback: the private address a rebinding attack would aim at. */
let server: Server
let port: number
let hits = 0

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** DNS that rebinds: a public address to the first lookup, loopback to every later one. */
function rebindingResolver(): Resolver & { lookups: number } {
  const resolver = Object.assign(
    async () => {
      resolver.lookups += 1
      return [{ address: resolver.lookups === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }]
    },
    { lookups: 0 },
  )
  return resolver
}

const hook = (host: string) => ({
  url: `http://${host}:${port}/hook`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{}',
})

describe('webhooks connect to the address that was checked (DNS rebinding)', () => {
  it('a name that answers public to the guard and private to the connection is refused', async () => {
    const resolve = rebindingResolver()
    const connector = createPinnedConnector({ allowPrivate: false, resolve })
    try {
      // The guard's lookup sees the public address and lets the URL through...
      expect(await findWebhookUrlProblem(hook('rebind.test').url, false, resolve)).toBeNull()
      // ...and the connection's own lookup gets loopback, which it refuses before connecting.
      const before = hits
      const outcome = await sendWebhookRequest(hook('rebind.test'), 5_000, connector)
      expect(outcome).toMatchObject({
        statusCode: 0,
        error: expect.stringMatching(/private address \(127\.0\.0\.1\)/),
      })
      expect(resolve.lookups).toBe(2)
      expect(hits).toBe(before)
    } finally {
      await connector.close()
    }
  })

  it('connects to exactly the address its own lookup returned', async () => {
    // `pinned.test` exists in no DNS: reaching the receiver proves the connector's lookup is used.
    const connector = createPinnedConnector({
      allowPrivate: true,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    })
    try {
      const before = hits
      expect(await sendWebhookRequest(hook('pinned.test'), 5_000, connector)).toMatchObject({
        statusCode: 204,
        error: null,
      })
      expect(hits).toBe(before + 1)
    } finally {
      await connector.close()
    }
  })
})

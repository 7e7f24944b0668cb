import type { AddressInfo } from 'node:net'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createPlacetMcpServer } from '@placet/mcp'
import { Placet } from '@placet/sdk'
import express, { Router, type Request } from 'express'
import type { ApiKeyService } from '../domain/accounts/api-keys.ts'
import { AppError } from '../domain/errors.ts'
import { apiKeyOf, requireApiKey } from './auth-middleware.ts'

/**
 * `/mcp`: Placet's MCP tools over Streamable HTTP on the server's own port (issue 13). Every
 * request carries the agent's `x-api-key` (401 without) and is served statelessly, so any
 * server process behind a load balancer can answer it. The tools call the agent API through
 * `@placet/sdk` with that same key, over loopback to the address the request came in on.
 */
export function mcpRouter(apiKeys: ApiKeyService, limits: { maxWaitMs: number }): Router {
  const router = Router()
  // The body is read before the key is checked, as on /api: answering before reading a large
  // body makes clients that are still sending it see a reset instead of the answer.
  router.post('/', express.json({ limit: '1mb' }), requireApiKey(apiKeys), async (req, res) => {
    // requireApiKey has checked the key; the tools act with it.
    const placet = new Placet({ baseUrl: ownUrlOf(req), apiKey: apiKeyOf(req)!, realtime: false })
    const server = createPlacetMcpServer({ placet, maxWaitMs: limits.maxWaitMs })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
    res.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    await transport.handleRequest(req, res, req.body)
  })
  // Stateless: no session to stream to (GET) or to end (DELETE).
  router.all('/', () => {
    throw new AppError(405, 'Method not allowed: send MCP requests as POST')
  })
  return router
}

function ownUrlOf(req: Request): string {
  const { address, port } = req.socket.address() as AddressInfo
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`
}

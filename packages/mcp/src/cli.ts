#!/usr/bin/env node
/**
 * `placet-mcp --stdio`: Placet's MCP tools over stdio for local MCP clients. Configured by
 * PLACET_API_URL (required), PLACET_API_KEY, PLACET_DEFAULT_CHANNEL and MCP_MAX_WAIT_S
 * (default 50). Over HTTP the Placet server serves the same tools itself at `/mcp`.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { Placet } from '@placet/sdk'
import { z } from 'zod'
import { createPlacetMcpServer } from './placet-tools.js'

const Env = z.object({
  PLACET_API_URL: z.url({ error: 'PLACET_API_URL must be the URL of the Placet server' }),
  PLACET_API_KEY: z.string().min(1, 'PLACET_API_KEY is required (an API key, hp_…)'),
  PLACET_DEFAULT_CHANNEL: z.string().min(1).optional(),
  MCP_MAX_WAIT_S: z.coerce.number().positive().default(50),
  MCP_TRANSPORT: z.enum(['stdio', 'http']).optional(),
})

const env = Env.safeParse(process.env)
if (!env.success) {
  for (const issue of env.error.issues) console.error(`placet-mcp: ${issue.message}`)
  process.exit(2)
}
const isStdio = process.argv.includes('--stdio') || env.data.MCP_TRANSPORT === 'stdio'
if (!isStdio) {
  console.error(
    'placet-mcp: run with --stdio (or MCP_TRANSPORT=stdio); over HTTP, point your MCP client at <PLACET_API_URL>/mcp with an x-api-key header.',
  )
  process.exit(2)
}

const placet = new Placet({
  baseUrl: env.data.PLACET_API_URL,
  apiKey: env.data.PLACET_API_KEY,
  channelId: env.data.PLACET_DEFAULT_CHANNEL,
  // One call at a time per wait: long-polls need no socket per process.
  realtime: false,
})
const server = createPlacetMcpServer({
  placet,
  defaultChannelId: env.data.PLACET_DEFAULT_CHANNEL,
  maxWaitMs: env.data.MCP_MAX_WAIT_S * 1000,
})
await server.connect(new StdioServerTransport())

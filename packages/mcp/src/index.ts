/**
 * @module
 * Placet's MCP server: the tools, to be served over stdio (`placet-mcp --stdio`) or over
 * Streamable HTTP by the Placet server itself at `/mcp`.
 */

/** The MCP server with Placet's tools. */
export { createPlacetMcpServer } from './placet-tools.js'
export type { PlacetMcpOptions } from './placet-tools.js'
export type { WaitLimits } from './bounded-wait.js'

import type { z } from 'zod'

/** How a route is authenticated: an agent's API key, a person's session, or not at all. */
export type ApiAuth = 'apiKey' | 'session' | 'none'

/**
 * One HTTP route of the server, described with the protocol's schemas. The OpenAPI document is
 * generated from this table, and a server test checks it against the routes express mounts, so
 * neither can drift from the other.
 *
 * @example
 * const route: ApiRoute = { method: 'get', path: '/api/v1/agents', auth: 'apiKey', tag: 'Agent API', summary: 'Agents', status: 200, response: z.array(Agent) }
 */
export type ApiRoute = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  /** Express-style path, `:name` for parameters. */
  path: string
  auth: ApiAuth
  tag: 'Agent API' | 'Dashboard API' | 'MCP' | 'Server'
  summary: string
  query?: z.ZodObject
  body?: z.ZodType
  /** The success status and its body; `undefined` for an empty answer (204). */
  status: 200 | 201 | 204
  response?: z.ZodType
  /** Of the request body; JSON unless said otherwise (file uploads are multipart). */
  bodyContentType?: 'application/json' | 'multipart/form-data'
  /** Of the success body; JSON unless said otherwise. */
  contentType?:
    'application/json' | 'text/html' | 'application/octet-stream' | 'application/zip' | 'image/*'
}

/** An agent API route: API key auth. */
export const agentRoute = (route: Omit<ApiRoute, 'auth' | 'tag'>): ApiRoute => ({
  ...route,
  auth: 'apiKey',
  tag: 'Agent API',
})
/** A dashboard API route: session auth. */
export const dashboardRoute = (route: Omit<ApiRoute, 'auth' | 'tag'>): ApiRoute => ({
  ...route,
  auth: 'session',
  tag: 'Dashboard API',
})

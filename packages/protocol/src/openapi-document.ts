import { z } from 'zod'
import { Agent, AgentWithWebhookSecret } from './agents.js'
import type { ApiAuth, ApiRoute } from './api-route.js'
import { API_ROUTES } from './api-routes.js'
import { ErrorBody, JsonObject } from './common.js'
import { Message } from './messages.js'
import { WebhookDelivery } from './webhooks.js'

type JsonSchema = Record<string, unknown>

/** The security requirement of each kind of route; `none` needs nothing. */
const SECURITY: Record<ApiAuth, Record<string, string[]>[]> = {
  apiKey: [{ apiKey: [] }],
  // The dashboard sends the cookie; scripts may send the same JWT as a Bearer token.
  session: [{ sessionCookie: [] }, { bearer: [] }],
  none: [],
}

const ERROR_STATUSES: Record<ApiAuth, string[]> = {
  apiKey: ['400', '401', '403', '404', '409', '429'],
  session: ['400', '401', '403', '404', '409'],
  none: ['400', '429'],
}

/** Records that many answers share, as named components instead of repeated inline. */
const SHARED_RECORDS: Record<string, z.ZodType> = {
  Message,
  Agent,
  AgentWithWebhookSecret,
  WebhookDelivery,
  ErrorBody,
  JsonObject,
}

/**
 * A zod schema as a JSON Schema 2020-12 object, the dialect of OpenAPI 3.1. Refinements and
 * transforms cannot be expressed; they are checked by the server and shown as their input type.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema
  return rest
}

/**
 * Answers as JSON Schemas whose shared records point at `#/components/schemas`: one registry
 * conversion, so every reference resolves inside the document.
 */
function responseSchemas(routes: readonly ApiRoute[]): {
  components: Record<string, JsonSchema>
  refOf: (schema: z.ZodType) => JsonSchema
} {
  const registry = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(SHARED_RECORDS)) registry.add(schema, { id })
  for (const route of routes) {
    if (route.response && !registry.has(route.response))
      registry.add(route.response, { id: `${operationIdOf(route)}Response` })
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  })
  const components: Record<string, JsonSchema> = {}
  for (const [id, { $schema: _dialect, $id: _id, ...schema }] of Object.entries(schemas))
    components[id] = schema
  return {
    components,
    refOf: (schema) => ({ $ref: `#/components/schemas/${registry.get(schema)!.id}` }),
  }
}

function operationIdOf(route: ApiRoute): string {
  return `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_all, next?: string) => (next ?? '').toUpperCase())}`
}

function queryParameters(query: z.ZodObject): JsonSchema[] {
  const schema = toSchema(query, 'input') as {
    properties?: Record<string, JsonSchema>
    required?: string[]
  }
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }))
}

function operationOf(route: ApiRoute, refOf: (schema: z.ZodType) => JsonSchema): JsonSchema {
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const responses: Record<string, JsonSchema> = {
    [route.status]: route.response
      ? {
          description: route.summary,
          content: { [route.contentType ?? 'application/json']: { schema: refOf(route.response) } },
        }
      : { description: route.summary },
  }
  for (const status of ERROR_STATUSES[route.auth]) {
    responses[status] = { $ref: '#/components/responses/Error' }
  }
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: operationIdOf(route),
    security: SECURITY[route.auth],
    parameters: [...pathParameters, ...(route.query ? queryParameters(route.query) : [])],
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              [route.bodyContentType ?? 'application/json']: {
                schema: toSchema(route.body, 'input'),
              },
            },
          },
        }
      : {}),
    responses,
  }
}

/**
 * The OpenAPI 3.1 document of the server, generated from {@link API_ROUTES} and the protocol's
 * zod schemas, so it cannot drift from what the server parses and answers.
 *
 * @example
 * const document = buildOpenApiDocument({ version: '0.1.0' })
 * console.log(Object.keys(document.paths))
 */
export function buildOpenApiDocument(options: {
  version: string
  serverUrl?: string
  routes?: readonly ApiRoute[]
}): JsonSchema {
  const routes = options.routes ?? API_ROUTES
  const { components, refOf } = responseSchemas(routes)
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}')
    paths[path] = { ...paths[path], [route.method]: operationOf(route, refOf) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Placet API',
      version: options.version,
      description:
        'The agent API (`/api/v1`, API key) and the dashboard API (`/api`, session) of Placet, a human-in-the-loop inbox for AI agents. Real-time events: Socket.IO on `/ws`; MCP: Streamable HTTP on `/mcp`. Errors answer `{statusCode, message, errors?}`.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'Agent API', description: 'For agents, with an API key' },
      { name: 'Dashboard API', description: 'For people, with a session' },
      { name: 'MCP', description: 'Placet’s MCP tools, for MCP clients, with an API key' },
      { name: 'Server', description: 'Health and this document' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'access_token' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      responses: {
        Error: {
          description: 'An error: `{statusCode, message, errors?}`',
          content: { 'application/json': { schema: refOf(ErrorBody) } },
        },
      },
    },
  }
}

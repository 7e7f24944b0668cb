import { Validator } from '@seriousme/openapi-schema-validator'
import { loadConfig } from '../src/config.ts'
import { createHttpApp } from '../src/http/app.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestClient, startTestServer, type TestServer } from './harness.ts'

let server: TestServer
let document: any

beforeAll(async () => {
  server = await startTestServer()
  const reply = await new TestClient(server.url).get('/api/openapi.json')
  expect(reply.status).toBe(200)
  document = reply.body
})
afterAll(() => server.destroy())

type Layer = {
  rawPath?: string | string[]
  name: string
  route?: { path: string; methods: Record<string, boolean> }
  handle: { stack?: Layer[] }
}

/** Every `METHOD /path` the express app mounts, found by walking its routers. */
function mountedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method} ${prefix}${layer.route!.path}`.replace(/\/$/, ''))
    }
    if (layer.name === 'router' && layer.handle.stack) {
      const mountPath =
        typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
      return mountedRoutes(layer.handle.stack, `${prefix}${mountPath}`)
    }
    return []
  })
}

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator({ strict: false })
    const result = await validator.validate(structuredClone(document))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('documents every route the server mounts, and nothing else', () => {
    // The app the server runs, built from the same code and services (Socket.IO wraps the
    // server's own request listener, so it cannot be read back from there).
    const config = loadConfig({
      DATA_DIR: server.dataDir,
      DATABASE_URL: server.databaseUrl,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-anything',
    })
    const app = createHttpApp(config, server.services) as unknown as {
      router: { stack: Layer[] }
    }
    const mounted = mountedRoutes(app.router.stack).map((route) => route.replace(/:(\w+)/g, '{$1}'))
    expect(mounted.length).toBeGreaterThan(40)
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`),
    )
    expect([...new Set(mounted)].sort()).toEqual([...documented].sort())
  })

  it('names the auth scheme of each API', () => {
    expect(document.components.securitySchemes.apiKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    })
    expect(document.paths['/api/v1/messages'].post.security).toEqual([{ apiKey: [] }])
    expect(document.paths['/api/messages/{id}/respond'].post.security).toEqual([
      { sessionCookie: [] },
      { bearer: [] },
    ])
    expect(
      document.paths['/api/v1/messages'].post.requestBody.content['application/json'].schema,
    ).toMatchObject({ properties: { channelId: { type: 'string' } }, required: ['channelId'] })
  })
})

describe('GET /api/docs', () => {
  it('renders every documented operation as a page', async () => {
    const reply = await new TestClient(server.url).get('/api/docs')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/html')
    for (const path of Object.keys(document.paths))
      expect(reply.body).toContain(`<code>${path}</code>`)
  })
})

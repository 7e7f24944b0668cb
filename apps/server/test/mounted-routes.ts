/**
 * The routes the express app really mounts, read from its router stack, so suites that must
 * cover every route (fuzz, tenancy) learn of a new one without anybody listing it.
 */
import type { RunningServer } from '../src/server.ts'

export type MountedRoute = { method: string; path: string }

/** The parts of router 2.x's Layer that describe where a handler is mounted. */
type Layer = {
  rawPath?: string | string[]
  route?: { path: string; methods: Record<string, boolean> }
  handle: { stack?: Layer[] }
}

function collect(stack: Layer[], prefix: string, into: MountedRoute[]) {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods))
        into.push({
          method: method.toUpperCase(),
          path: (prefix + layer.route.path).replace(/(.)\/$/, '$1'),
        })
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''
      collect(layer.handle.stack, prefix + mount, into)
    }
  }
}

/** Every method and path pattern (`/api/v1/messages/:id`) the server's app answers. */
export function listMountedRoutes(server: RunningServer): MountedRoute[] {
  const app = server.app as unknown as { router: { stack: Layer[] } }
  const routes: MountedRoute[] = []
  collect(app.router.stack, '', routes)
  const seen = new Set<string>()
  return routes.filter(({ method, path }) => {
    const key = `${method} ${path}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import express, { type RequestHandler } from 'express'
import { logger } from '../logger.ts'

const log = logger.child({ module: 'web' })

/**
 * Serves the dashboard's static export (apps/web/out) on the API's own port, so one URL
 * gives both. Unknown non-API paths fall back to the export's 404 page.
 */
export function webDashboard(webDir: string): RequestHandler[] {
  if (!existsSync(join(webDir, 'index.html'))) {
    log.warn({ webDir }, 'dashboard build not found; run `pnpm build` to serve it')
    return []
  }
  const notFoundPage = join(webDir, '404.html')
  return [
    express.static(webDir, {
      extensions: ['html'],
      index: 'index.html',
      maxAge: '1h',
      setHeaders: noCacheForHtml,
    }),
    (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next()
      if (!existsSync(notFoundPage)) return next()
      res.status(404).sendFile(notFoundPage)
    },
  ]
}

function noCacheForHtml(res: express.Response, path: string) {
  // Pages must pick up a new build at once; hashed assets under _next/ may be cached. The
  // service worker and manifest have fixed names, so they are revalidated like pages.
  if (path.endsWith('.html') || path.endsWith('/sw.js') || path.endsWith('.webmanifest'))
    res.setHeader('Cache-Control', 'no-cache')
}

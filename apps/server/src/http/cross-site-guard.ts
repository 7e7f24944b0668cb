import type { RequestHandler } from 'express'
import type { Config } from '../config.ts'
import { AppError } from '../domain/errors.ts'
import { SESSION_COOKIE } from './auth-middleware.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function originOf(value: string | undefined): string | null {
  if (!value) return null
  try {
    return new URL(value).origin
  } catch {
    return 'null'
  }
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host
  } catch {
    return null
  }
}

/**
 * CSRF defence for the session cookie, on top of SameSite=Lax and the JSON-only bodies: a
 * state change that the cookie would authenticate must come from our own origin (the request's
 * host, APP_URL, or a CORS_ORIGIN entry), as the browser's Origin (or else Referer) says.
 * Requests without either come from non-browser clients, which no other site can drive; API
 * keys and Bearer tokens are never sent by a browser on its own, so they are not checked.
 */
export function refuseCrossSiteCookieWrites(config: Config): RequestHandler {
  const trusted = new Set([
    originOf(config.http.appUrl),
    ...(config.http.corsOrigins === true ? [] : config.http.corsOrigins.map(originOf)),
  ])
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !req.cookies?.[SESSION_COOKIE]) return next()
    const origin = req.headers.origin ?? originOf(req.headers.referer)
    if (!origin) return next()
    // Host only: behind a TLS proxy without TRUST_PROXY the scheme we see is not the browser's.
    if (trusted.has(origin) || hostOf(origin) === req.host) return next()
    next(new AppError(403, 'Cross-site request refused: the Origin is not this server'))
  }
}

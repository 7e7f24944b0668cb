import type { RequestHandler } from 'express'
import type { ApiKeyService } from '../domain/accounts/api-keys.ts'
import { AppError } from '../domain/errors.ts'
import type { SessionService } from '../domain/accounts/sessions.ts'

export const SESSION_COOKIE = 'access_token'

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return match?.[1]?.trim()
}

/** The session JWT a request carries: the `access_token` cookie or a Bearer header (spec 3). */
export function sessionTokenOf(req: Parameters<RequestHandler>[0]): string | undefined {
  const bearer = bearerOf(req.headers.authorization)
  return req.cookies?.[SESSION_COOKIE] ?? (bearer?.startsWith('hp_') ? undefined : bearer)
}

/** Dashboard routes: a valid session token. */
export function requireUser(sessions: SessionService): RequestHandler {
  return async (req, _res, next) => {
    const token = sessionTokenOf(req)
    const user = token ? await sessions.verifySession(token) : null
    if (!user) return next(new AppError(401, 'Unauthorized'))
    req.user = user
    next()
  }
}

/** Owner-only routes (spec 3.2); runs after {@link requireUser}. */
export const requireOwner: RequestHandler = (req, _res, next) => {
  next(req.user?.role === 'owner' ? undefined : new AppError(403, 'Only owners can manage users'))
}

/**
 * Agent routes: `x-api-key: hp_…`, or `Authorization: Bearer hp_…` as older Placet docs show
 * (spec 10 says accept both).
 */
export function requireApiKey(apiKeys: ApiKeyService): RequestHandler {
  return async (req, _res, next) => {
    const key = apiKeyOf(req)
    if (!key) return next(new AppError(401, 'Missing or invalid API key'))
    const identity = await apiKeys.authenticate(key)
    if (!identity) return next(new AppError(401, 'Invalid API key'))
    req.agent = identity
    next()
  }
}

/** The API key a request carries, in `x-api-key` or as a Bearer token. */
export function apiKeyOf(req: Parameters<RequestHandler>[0]): string | undefined {
  const header = req.headers['x-api-key']
  const key = (Array.isArray(header) ? header[0] : header) ?? bearerOf(req.headers.authorization)
  return key?.trim()
}

/** The signed-in user; only call behind {@link requireUser}. */
export function userOf(req: Parameters<RequestHandler>[0]) {
  if (!req.user) throw new AppError(401, 'Unauthorized')
  return req.user
}

/** The user an agent call acts for; only call behind {@link requireApiKey}. */
export function agentUserIdOf(req: Parameters<RequestHandler>[0]): string {
  if (!req.agent) throw new AppError(401, 'Missing or invalid API key')
  return req.agent.userId
}

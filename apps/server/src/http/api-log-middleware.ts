import type { Request, RequestHandler } from 'express'
import type { ApiLogService } from '../domain/agents/api-logs.ts'

/** A route that knows which channel it acted on says so here, for the ApiLog row. */
export const API_LOG_CHANNEL = 'apiLogChannelId'

const asId = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null

/** The channel a call names: set by its route, or `channelId`/`agentId` in the body, `?channel=`. */
function channelOf(req: Request, locals: Record<string, unknown>): string | null {
  const body = (req.body ?? {}) as Record<string, unknown>
  return (
    asId(locals[API_LOG_CHANNEL]) ??
    asId(body.channelId) ??
    asId(body.agentId) ??
    asId(req.query.channel) ??
    asId(req.query.channelId)
  )
}

/**
 * Writes one inbound ApiLog row per agent call (spec 1.10), after the response has gone out,
 * so logging adds no latency and cannot fail the call. Runs behind the API key check, so
 * every row has a user.
 */
export function recordApiCalls(apiLogs: ApiLogService): RequestHandler {
  return (req, res, next) => {
    const started = performance.now()
    let responseBody: unknown
    const sendJson = res.json.bind(res)
    res.json = (body: unknown) => {
      responseBody = body
      return sendJson(body)
    }
    res.once('finish', () => {
      const identity = req.agent
      if (!identity) return
      apiLogs.record({
        userId: identity.userId,
        apiKeyId: identity.apiKeyId,
        agentId: channelOf(req, res.locals),
        method: req.method,
        path: req.originalUrl.slice(0, 1024),
        requestBody: req.body,
        responseBody,
        statusCode: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        direction: 'inbound',
      })
    })
    next()
  }
}

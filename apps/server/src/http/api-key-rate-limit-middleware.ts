import type { RequestHandler } from 'express'
import type { ApiKeyRateLimiter } from '../domain/agents/api-key-rate-limit.ts'
import { AppError } from '../domain/errors.ts'

/** 429 with Retry-After once an API key used up its calls of the minute; after requireApiKey. */
export function limitPerApiKey(limiter: ApiKeyRateLimiter): RequestHandler {
  return async (req, res, next) => {
    const retryAfter = req.agent ? await limiter.take(req.agent.apiKeyId) : null
    if (retryAfter === null) return next()
    res.setHeader('Retry-After', retryAfter)
    next(new AppError(429, 'Too many requests for this API key, try again later'))
  }
}

import type { RequestHandler } from 'express'
import { AppError } from '../domain/errors.ts'

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(containsNul)
  if (value && typeof value === 'object')
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item))
  return false
}

/**
 * Refuses NUL characters anywhere in a request (path, query, JSON body) with a 400: PostgreSQL
 * text cannot hold them, and no field of the API has a use for one.
 */
export const refuseNulCharacters: RequestHandler = (req, _res, next) => {
  if (/%00/.test(req.originalUrl) || containsNul(req.body)) {
    return next(new AppError(400, 'Text may not contain NUL characters'))
  }
  next()
}

import type { RequestHandler } from 'express'
import { AppError } from '../domain/errors.ts'
import { findUnsafeText } from '../domain/unsafe-text.ts'

/**
 * Refuses with a 400, before any parsing with a schema, a request whose path, query or JSON body
 * holds what {@link findUnsafeText} refuses (NUL, lone surrogates, absurd nesting).
 */
export const refuseUnsafeInput: RequestHandler = (req, _res, next) => {
  if (/%00/.test(req.originalUrl))
    return next(new AppError(400, 'Text may not contain NUL characters'))
  const problem = findUnsafeText(req.query) ?? findUnsafeText(req.body)
  next(problem ? new AppError(400, problem) : undefined)
}

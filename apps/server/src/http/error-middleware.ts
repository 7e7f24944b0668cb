import type { ErrorBody } from '@placet/protocol'
import type { ErrorRequestHandler, RequestHandler } from 'express'
import { ZodError } from 'zod'
import { AppError } from '../domain/errors.ts'
import { logger } from '../logger.ts'
import { toValidationIssues } from './parse-request.ts'

const log = logger.child({ module: 'http' })

/** Errors raised by express's body parsers (they carry `type` and `status`). */
type ParserError = Error & { type?: string; status?: number; statusCode?: number }

function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof ZodError)
    return new AppError(400, 'Validation failed', toValidationIssues(error))
  const parserError = error as ParserError
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'Malformed JSON in request body')
    case 'entity.too.large':
      return new AppError(413, 'Request body too large')
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, parserError.message)
    case 'request.aborted':
      return new AppError(400, 'Request aborted')
  }
  const status = parserError?.status ?? parserError?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new AppError(status, parserError.message)
  return null
}

function send(res: Parameters<RequestHandler>[1], path: string, error: AppError) {
  const body: ErrorBody & Record<string, unknown> = {
    ...error.details,
    statusCode: error.statusCode,
    message: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    timestamp: new Date().toISOString(),
    path,
  }
  res.status(error.statusCode).json(body)
}

/**
 * The one error handler: AppError, zod and body-parser failures become the protocol's error body
 * `{statusCode, message, errors?, timestamp, path}`; anything else is a bug, logged, and answered
 * with a generic 500 that leaks nothing.
 */
export const errorMiddleware: ErrorRequestHandler = (error, req, res, _next) => {
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  const known = toAppError(error)
  if (known) return send(res, req.originalUrl, known)
  log.error({ err: error, reqId: req.id }, 'unhandled error')
  send(res, req.originalUrl, new AppError(500, 'Internal server error'))
}

/** Unknown API routes get a JSON 404, not express's HTML page. */
export const notFoundMiddleware: RequestHandler = (req, res) => {
  // baseUrl + path: the path as asked for (`/api/nope`), not as the mounting router saw it.
  send(res, req.originalUrl, new AppError(404, `Cannot ${req.method} ${req.baseUrl}${req.path}`))
}

/**
 * A body that is not JSON on a JSON endpoint gets a 415 instead of being silently ignored
 * (multipart uploads are let through for the file endpoints).
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
  if (!hasBody || req.is('application/json') || req.is('multipart/form-data')) return next()
  next(new AppError(415, 'Content-Type must be application/json'))
}

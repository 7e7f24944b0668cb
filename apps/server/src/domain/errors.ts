import type { ValidationIssue } from '@placet/protocol'

/**
 * The one error class of the server, modelled on Hono's HTTPException: domain code throws it,
 * the HTTP error middleware and the socket handlers turn it into the protocol's error body.
 *
 * @example
 * throw new AppError(404, 'Message not found')
 */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: ValidationIssue[],
    /** Extra fields for the error body, e.g. the review's current status on a 409. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export const notFound = (message: string) => new AppError(404, message)
export const forbidden = (message: string) => new AppError(403, message)
export const badRequest = (message: string, errors?: ValidationIssue[]) =>
  new AppError(400, message, errors)
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError(409, message, undefined, details)

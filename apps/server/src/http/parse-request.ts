import type { ValidationIssue } from '@placet/protocol'
import type { z } from 'zod'
import { AppError } from '../domain/errors.ts'

/** zod issues in the protocol's `errors` shape. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    code: issue.code,
    message: issue.message,
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
  }))
}

/**
 * Parses a request part with a protocol schema: the one validation path of the HTTP edge.
 * Failures become a 400 "Validation failed" with the zod paths (spec 2.0).
 *
 * @example
 * const body = parseInput(CreateMessageBody, req.body)
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(value ?? {})
  if (!result.success)
    throw new AppError(400, 'Validation failed', toValidationIssues(result.error))
  return result.data
}

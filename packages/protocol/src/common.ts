import { z } from 'zod'

/** An ISO-8601 UTC timestamp string, e.g. `2026-04-01T14:30:00.000Z`. */
export const IsoDate = z.iso.datetime({ offset: true })
export type IsoDate = z.infer<typeof IsoDate>

/** An opaque identifier (CUIDs on our side; clients must not parse them). */
export const Id = z
  .string()
  .min(1)
  .max(128)
  // Control characters (NUL above all, which PostgreSQL refuses) are never part of an id.
  .refine(
    (id) => ![...id].some((char) => char.charCodeAt(0) < 0x20),
    'Ids contain no control characters',
  )
export type Id = z.infer<typeof Id>

/** A free-form JSON object (`metadata`, freeform review payloads and answers). */
export const JsonObject = z.record(z.string(), z.unknown())
export type JsonObject = z.infer<typeof JsonObject>

/**
 * One validation problem, as Placet reports zod failures (spec 2.0).
 *
 * @example
 * const issue: ValidationIssue = { code: 'invalid_type', message: 'Required', path: ['text'] }
 */
export const ValidationIssue = z.object({
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
})
export type ValidationIssue = z.infer<typeof ValidationIssue>

/**
 * The body of every error response (spec 2.0). `message` is a string on our side; Placet
 * sometimes sends a string array, so readers accept both.
 *
 * @example
 * const body: ErrorBody = { statusCode: 404, message: 'Message not found' }
 */
export const ErrorBody = z.object({
  statusCode: z.number().int(),
  message: z.union([z.string(), z.array(z.string())]),
  errors: z.array(ValidationIssue).optional(),
  timestamp: IsoDate.optional(),
  path: z.string().optional(),
})
export type ErrorBody = z.infer<typeof ErrorBody>

/**
 * `limit` of a cursor-paginated list: default 50, at most 100 (spec 2.0). Query strings arrive
 * as text, so the value is coerced; anything unusable falls back to the default.
 */
export const PageLimit = z.coerce.number().int().min(1).max(100).catch(50)

/** A page of a cursor-paginated list (spec 2.0): `nextCursor` is null on the last page. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() })
}

/** `{deleted: true}`, the answer of every DELETE of the API. */
export const DeletedResponse = z.object({ deleted: z.literal(true) })
export type DeletedResponse = z.infer<typeof DeletedResponse>

/** `{message}`, the answer of logout and change-password. */
export const MessageResponse = z.object({ message: z.string() })
export type MessageResponse = z.infer<typeof MessageResponse>

/** A query-string boolean: `true`/`1` are true, everything else false. */
export const QueryFlag = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((value) => value === true || value === 'true' || value === '1')

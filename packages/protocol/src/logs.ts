import { z } from 'zod'
import { Id, IsoDate, PageLimit, pageOf } from './common.js'

/** `inbound`: an agent's call to `/api/v1`; `outbound`: a webhook attempt (spec 1.10). */
export const ApiLogDirection = z.enum(['inbound', 'outbound'])
export type ApiLogDirection = z.infer<typeof ApiLogDirection>

/**
 * One row of the API request log (spec 1.10). Bodies are stored masked (every key naming a
 * password, secret, token, authorization or API key reads `***`) and cut at 8 KB; `statusCode`
 * 0 means no HTTP answer came back. `agentId` is ours: the channel the call named, if any.
 *
 * @example
 * const isFailure = (log: ApiLog) => log.statusCode === 0 || log.statusCode >= 400
 */
export const ApiLog = z.object({
  id: Id,
  apiKeyId: z.string().nullable(),
  userId: Id,
  agentId: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable(),
  statusCode: z.number().int(),
  durationMs: z.number().int(),
  direction: ApiLogDirection,
  createdAt: IsoDate,
})
export type ApiLog = z.infer<typeof ApiLog>

/**
 * The `status` filter of the log: one code (`404`, `0` for no answer), a class (`4xx`), or
 * `success` (1-399) / `error` (0 and 400 up), the split of the request figures (spec 3.4).
 */
export const ApiLogStatusFilter = z
  .string()
  .regex(
    /^(success|error|[1-5]xx|\d{1,3})$/,
    'Expected a status code, 2xx-style class, success or error',
  )
export type ApiLogStatusFilter = z.infer<typeof ApiLogStatusFilter>

/**
 * `GET /api/logs` (spec 3.7): newest first, `cursor` = the last id of the previous page.
 *
 * @example
 * ApiLogListQuery.parse({ direction: 'outbound', status: 'error', limit: '20' })
 */
export const ApiLogListQuery = z.object({
  agent: Id.optional(),
  direction: ApiLogDirection.optional(),
  status: ApiLogStatusFilter.optional(),
  cursor: Id.optional(),
  limit: PageLimit.default(50),
})
export type ApiLogListQuery = z.infer<typeof ApiLogListQuery>

/**
 * A page of the log; `nextCursor` is null on the last page.
 *
 * @example
 * const page = ApiLogPage.parse(await (await fetch('/api/logs?limit=20')).json())
 */
export const ApiLogPage = pageOf(ApiLog)
export type ApiLogPage = z.infer<typeof ApiLogPage>

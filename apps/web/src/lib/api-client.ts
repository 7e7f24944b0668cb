import { ErrorBody } from '@placet/protocol'
import type { z } from 'zod'
import { env } from '../env'

/**
 * A non-2xx answer of the Placet server, carrying the protocol error body (spec 2.0). When the
 * body is not a protocol error (a proxy's HTML page, an empty 502), one is made up from the
 * status line, so callers always read `status` and `body.message` the same way.
 */
export class ApiError extends Error {
  readonly status: number
  readonly body: ErrorBody

  constructor(status: number, body: ErrorBody) {
    super(Array.isArray(body.message) ? body.message.join('; ') : body.message)
    this.name = 'ApiError'
    this.status = status
    this.body = body
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type ApiRequestOptions<ResponseSchema extends z.ZodType> = {
  /** The protocol schema of the 2xx answer; the result is its parsed output. */
  schema: ResponseSchema
  method?: HttpMethod
  /** Sent as JSON; a `FormData` is sent as multipart/form-data (uploads). */
  body?: unknown
  signal?: AbortSignal
  /** Origin of the server; defaults to `NEXT_PUBLIC_API_URL` (empty: same origin). */
  baseUrl?: string
}

const REFRESH_PATH = '/api/auth/refresh'

/**
 * Paths whose 401 means "wrong credentials", not "stale session": refreshing and replaying them
 * would only repeat a failed password attempt (and count twice against the rate limit).
 */
const CREDENTIAL_PATHS: ReadonlySet<string> = new Set([
  '/api/auth/login',
  '/api/auth/change-password',
  REFRESH_PATH,
])

/** One refresh in flight per origin, shared by every request that got a 401 meanwhile. */
const pendingRefreshes = new Map<string, Promise<boolean>>()

/**
 * Calls the Placet API with the session cookie and parses the answer with a protocol schema.
 * On a 401 it renews the session once (`POST /api/auth/refresh`) and replays the request;
 * if that fails too, the `ApiError` (status 401) reaches the caller, which sends the user to
 * `/login` (spec 3).
 *
 * @example
 * const { user } = await apiRequest('/api/auth/me', { schema: SessionResponse })
 */
export async function apiRequest<ResponseSchema extends z.ZodType>(
  path: string,
  options: ApiRequestOptions<ResponseSchema>,
): Promise<z.output<ResponseSchema>> {
  return (await apiRequestWithHeaders(path, options)).data
}

/**
 * {@link apiRequest}, also returning the answer's headers: some lists keep Placet's plain-array
 * body and carry their next page in a header (`X-Next-Cursor`).
 *
 * @example
 * const { data, headers } = await apiRequestWithHeaders('/api/messages/reviews', { schema: Message.array() })
 * const nextCursor = headers.get('x-next-cursor')
 */
export async function apiRequestWithHeaders<ResponseSchema extends z.ZodType>(
  path: string,
  options: ApiRequestOptions<ResponseSchema>,
): Promise<{ data: z.output<ResponseSchema>; headers: Headers }> {
  const baseUrl = options.baseUrl ?? env.NEXT_PUBLIC_API_URL
  let response = await sendRequest(baseUrl, path, options)
  if (response.status === 401 && !CREDENTIAL_PATHS.has(pathnameOf(path))) {
    if (await refreshSession(baseUrl, options.signal)) {
      response = await sendRequest(baseUrl, path, options)
    }
  }
  if (!response.ok) throw await readApiError(response)
  return { data: options.schema.parse(await readJson(response)), headers: response.headers }
}

function sendRequest(
  baseUrl: string,
  path: string,
  { method = 'GET', body, signal }: Omit<ApiRequestOptions<z.ZodType>, 'schema'>,
): Promise<Response> {
  const isJson = body !== undefined && !(body instanceof FormData)
  return fetch(`${baseUrl}${path}`, {
    method,
    credentials: 'include',
    // A FormData body gets its multipart Content-Type, with the boundary, from fetch itself.
    headers: isJson
      ? { Accept: 'application/json', 'Content-Type': 'application/json' }
      : { Accept: 'application/json' },
    body: isJson ? JSON.stringify(body) : (body as FormData | undefined),
    signal,
  })
}

/** Sliding renewal of the JWT cookie (spec 3.1); resolves whether it worked. */
function refreshSession(baseUrl: string, signal: AbortSignal | undefined): Promise<boolean> {
  let pending = pendingRefreshes.get(baseUrl)
  if (!pending) {
    // The shared refresh must not die with the first caller's signal; each caller still
    // stops waiting on its own abort through the replayed request below.
    pending = sendRequest(baseUrl, REFRESH_PATH, { method: 'POST' })
      .then(async (response) => {
        await response.body?.cancel()
        return response.ok
      })
      .catch(() => false)
      .finally(() => pendingRefreshes.delete(baseUrl))
    pendingRefreshes.set(baseUrl, pending)
  }
  signal?.throwIfAborted()
  return pending
}

async function readApiError(response: Response): Promise<ApiError> {
  const parsed = ErrorBody.safeParse(await readJson(response).catch(() => undefined))
  const body: ErrorBody = parsed.success
    ? parsed.data
    : { statusCode: response.status, message: response.statusText || `HTTP ${response.status}` }
  return new ApiError(response.status, body)
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  return text === '' ? undefined : JSON.parse(text)
}

function pathnameOf(path: string): string {
  const end = path.search(/[?#]/)
  return end === -1 ? path : path.slice(0, end)
}

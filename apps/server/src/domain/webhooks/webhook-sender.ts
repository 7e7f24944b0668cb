import { fetch, type Dispatcher, type Response } from 'undici'
import type { WebhookRequest } from './webhook-request.ts'

/** How much of a receiver's answer is kept for the API log; the rest is not even read. */
const MAX_RESPONSE_CHARS = 4096

/** What one attempt came to; `statusCode` 0 means no HTTP answer (spec 1.10). */
export type AttemptOutcome = {
  statusCode: number
  durationMs: number
  error: string | null
  responseBody: string | null
}

/** The first characters of a response body, without reading a huge or endless one whole. */
async function readStart(response: Response): Promise<string | null> {
  if (!response.body) return null
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    while (text.length < MAX_RESPONSE_CHARS) {
      const { done, value } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return text.slice(0, MAX_RESPONSE_CHARS) || null
}

/** A readable reason for a failed fetch: the timeout, or the socket error underneath. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `Timed out after ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`
  return error instanceof Error ? error.message : String(error)
}

/**
 * Sends one attempt. Redirects are not followed: the SSRF guard checked this URL, not wherever
 * a 3xx points, so a redirect counts as a failed attempt (non-2xx). The timeout covers the
 * whole exchange, headers and body. `connector` is the pool that decides where a host name
 * connects to (see `createPinnedConnector`).
 */
export async function sendWebhookRequest(
  request: WebhookRequest,
  timeoutMs: number,
  connector?: Dispatcher,
): Promise<AttemptOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
      ...(connector ? { dispatcher: connector } : {}),
    })
    const responseBody = await readStart(response).catch(() => null)
    const isSuccess = response.status >= 200 && response.status < 300
    return {
      statusCode: response.status,
      durationMs: elapsed(),
      error: isSuccess
        ? null
        : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      responseBody,
    }
  } catch (error) {
    return {
      statusCode: 0,
      durationMs: elapsed(),
      error: describeFailure(signal.aborted ? signal.reason : error, timeoutMs),
      responseBody: null,
    }
  }
}

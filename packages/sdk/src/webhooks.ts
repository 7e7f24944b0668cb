/**
 * @module
 * Verifying Placet's webhooks (Standard Webhooks signatures) in Node. A separate entry,
 * `@placet/sdk/webhooks`, because it needs `node:crypto`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { WebhookBody, webhookSecretKey } from '@placet/protocol'

/** Deliveries older (or newer) than this are refused, against replays of captured requests. */
const DEFAULT_TOLERANCE_SECONDS = 5 * 60

/** Thrown when a delivery is not signed by the agent's secret, is stale, or has no valid body. */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError'
}

type HeaderBag = Record<string, string | string[] | undefined> | Headers

function headerOf(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined
  const value = (headers as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value[0] : value
}

function keyOf(secret: string): Buffer {
  return Buffer.from(webhookSecretKey(secret), 'base64')
}

/**
 * Checks a delivery's `webhook-signature` against the agent's `whsec_…` secret (any of its
 * space-separated `v1,` signatures may match: during a rotation both secrets sign), refuses a
 * `webhook-timestamp` outside the tolerance, and returns the body parsed with the protocol.
 * Pass the raw body exactly as received.
 *
 * @example
 * app.post('/placet', express.text({ type: '*\/*' }), (req, res) => {
 *   const event = verifyWebhook({ secret: process.env.PLACET_WEBHOOK_SECRET!, body: req.body, headers: req.headers })
 *   if (event.event === 'review:responded') console.log(event.response)
 *   res.sendStatus(204)
 * })
 */
export function verifyWebhook(input: {
  secret: string
  body: string
  headers: HeaderBag
  toleranceSeconds?: number
  now?: Date
}): WebhookBody {
  const id = headerOf(input.headers, 'webhook-id')
  const timestamp = headerOf(input.headers, 'webhook-timestamp')
  const signatures = headerOf(input.headers, 'webhook-signature')
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('Missing webhook headers')

  const sentAt = Number(timestamp)
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000)
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (!Number.isInteger(sentAt) || Math.abs(now - sentAt) > tolerance) {
    throw new WebhookVerificationError('Timestamp outside the tolerance')
  }

  const expected = createHmac('sha256', keyOf(input.secret))
    .update(`${id}.${timestamp}.${input.body}`)
    .digest()
  const isSigned = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',')
    if (version !== 'v1' || !signature) return false
    const given = Buffer.from(signature, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
  if (!isSigned) throw new WebhookVerificationError('No matching signature')

  let parsed: unknown
  try {
    parsed = JSON.parse(input.body)
  } catch {
    throw new WebhookVerificationError('Body is not JSON')
  }
  const body = WebhookBody.safeParse(parsed)
  if (!body.success) throw new WebhookVerificationError('Body is not a Placet webhook')
  return body.data
}

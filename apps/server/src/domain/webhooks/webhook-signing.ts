import { createHmac } from 'node:crypto'
import { webhookSecretKey } from '@placet/protocol'

/*
 * Standard Webhooks signatures (https://www.standardwebhooks.com, issue 5): `webhook-signature`
 * is `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), where the key is the
 * base64 part of the `whsec_…` secret. Several signatures are separated by spaces, which is how
 * receivers keep verifying while a rotated secret is rolled out.
 */

/** How long the previous secret keeps signing after a rotation (issue 5). */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000

/** The secrets of an agent's endpoint, as stored. */
export type SigningSecrets = {
  webhookSecret: string | null
  webhookPreviousSecret: string | null
  webhookSecretRotatedAt: Date | null
}

/** The HMAC key of a `whsec_…` secret. */
function keyOf(secret: string): Buffer {
  return Buffer.from(webhookSecretKey(secret), 'base64')
}

/** One `v1,<base64>` signature of a message. */
export function signWebhookPayload(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  const digest = createHmac('sha256', keyOf(secret))
    .update(`${webhookId}.${timestampSeconds}.${body}`)
    .digest('base64')
  return `v1,${digest}`
}

/**
 * The secrets that sign a delivery made at `now`: the current one, plus the previous one during
 * the overlap after a rotation, so receivers still holding the old secret keep verifying.
 */
export function activeSigningSecrets(secrets: SigningSecrets, now: Date): string[] {
  if (!secrets.webhookSecret) return []
  const rotatedAt = secrets.webhookSecretRotatedAt?.getTime()
  const isInOverlap = rotatedAt !== undefined && now.getTime() - rotatedAt < ROTATION_OVERLAP_MS
  return isInOverlap && secrets.webhookPreviousSecret
    ? [secrets.webhookSecret, secrets.webhookPreviousSecret]
    : [secrets.webhookSecret]
}

/**
 * The `webhook-id`, `webhook-timestamp` and (when the agent has a secret) `webhook-signature`
 * headers of one attempt. The timestamp is the attempt's, so a retry is signed afresh and stays
 * inside the receiver's replay window.
 *
 * @example
 * signatureHeaders({ webhookId: 'msg_1_ab', body: '{}', secrets: ['whsec_…'], now: new Date() })
 */
export function signatureHeaders(input: {
  webhookId: string
  body: string
  secrets: string[]
  now: Date
}): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000)
  const headers: Record<string, string> = {
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(timestamp),
  }
  // An agent that only ever used per-message URLs has no secret yet: nothing to sign with.
  if (input.secrets.length > 0) {
    headers['webhook-signature'] = input.secrets
      .map((secret) => signWebhookPayload(secret, input.webhookId, timestamp, input.body))
      .join(' ')
  }
  return headers
}

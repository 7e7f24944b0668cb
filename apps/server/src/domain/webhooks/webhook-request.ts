import type { WebhookAuth, WebhookHeaders } from '@placet/protocol'
import { activeSigningSecrets, signatureHeaders, type SigningSecrets } from './webhook-signing.ts'

/** Sent on every delivery, so receivers and their firewalls can tell our traffic apart. */
export const WEBHOOK_USER_AGENT = 'Placet-Webhooks/1'

/** What the outbox row holds about where and what to send. */
export type OutboundDelivery = {
  webhookId: string
  url: string
  method: string
  body: string
  /** The legacy callback's own headers. */
  headers: Record<string, string> | null
  useChannelCredentials: boolean
}

/** The agent's current channel settings, read at send time. */
export type ChannelSettings = SigningSecrets & {
  webhookUrl: string | null
  webhookHeaders: WebhookHeaders | null
  webhookAuth: WebhookAuth | null
}

export type WebhookRequest = {
  url: string
  method: string
  headers: Record<string, string>
  body: string
}

/**
 * The HTTP request of one attempt (spec 4.3): `Content-Type`, then Basic auth, then the custom
 * headers, which may override those two as in Placet; the signature headers come last and
 * cannot be overridden. Channel credentials are attached only when the delivery targets the
 * channel URL and that URL is still the registered one: a webhook moved to another URL must
 * not hand its credentials to the old one (spec 9.1.5).
 */
export function buildWebhookRequest(
  delivery: OutboundDelivery,
  channel: ChannelSettings,
  now: Date,
): WebhookRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
  }
  const hasCredentials = delivery.useChannelCredentials && channel.webhookUrl === delivery.url
  if (hasCredentials && channel.webhookAuth) {
    const { username, password } = channel.webhookAuth
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
  }
  const custom = { ...(hasCredentials ? channel.webhookHeaders : null), ...delivery.headers }
  for (const [name, value] of Object.entries(custom)) headers[name.toLowerCase()] = value
  Object.assign(
    headers,
    signatureHeaders({
      webhookId: delivery.webhookId,
      body: delivery.body,
      secrets: activeSigningSecrets(channel, now),
      now,
    }),
  )
  return { url: delivery.url, method: delivery.method, headers, body: delivery.body }
}

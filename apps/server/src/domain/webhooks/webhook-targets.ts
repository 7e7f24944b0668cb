import type { ReviewCallback, WebhookEvent } from '@placet/protocol'

/*
 * Where a webhook goes (spec 4.2, the first match wins): the message's own `webhookUrl`, the
 * channel's webhook, then the legacy `review.callback`. Unlike Placet, the channel's headers and
 * Basic auth go only to the channel URL (spec 9.1.5): `useChannelCredentials` marks that tier,
 * and the worker attaches them at send time, so they are never copied into the outbox.
 */

/** The channel webhook settings that decide routing. */
export type ChannelEndpoint = {
  webhookUrl: string | null
  /** Set after the endpoint answered 410 Gone; cleared when the webhook is set again. */
  webhookDisabledAt: Date | null
  webhookEvents: readonly string[] | null
}

export type WebhookTarget = {
  url: string
  method: string
  /** True for the channel URL only: its headers and Basic auth may be sent. */
  useChannelCredentials: boolean
  /** Headers of the legacy callback, which belong to its URL. */
  headers: Record<string, string> | null
}

/** Events Placet never sent; an endpoint gets them only when it subscribed (spec 9.1.6). */
export const OPT_IN_EVENTS: readonly WebhookEvent[] = ['review:cancelled', 'agent:status']

/** The channel webhook, if it is set, not disabled, and subscribed to `event`. */
export function resolveChannelTarget(
  channel: ChannelEndpoint,
  event: WebhookEvent,
): WebhookTarget | null {
  if (!channel.webhookUrl || channel.webhookDisabledAt) return null
  if (OPT_IN_EVENTS.includes(event) && !channel.webhookEvents?.includes(event)) return null
  return { url: channel.webhookUrl, method: 'POST', useChannelCredentials: true, headers: null }
}

/**
 * The target of a review webhook (`review:responded`, `review:expired`). A disabled channel
 * endpoint counts as absent, so a review's own callback still gets its answer.
 */
export function resolveReviewTarget(input: {
  metadata: Record<string, unknown> | null
  channel: ChannelEndpoint
  callback: ReviewCallback | null | undefined
}): WebhookTarget | null {
  const messageUrl = input.metadata?.webhookUrl
  if (typeof messageUrl === 'string' && messageUrl.length > 0) {
    return { url: messageUrl, method: 'POST', useChannelCredentials: false, headers: null }
  }
  const channelTarget = resolveChannelTarget(input.channel, 'review:responded')
  if (channelTarget) return channelTarget
  if (input.callback?.url) {
    return {
      url: input.callback.url,
      method: input.callback.method ?? 'POST',
      useChannelCredentials: false,
      headers:
        input.callback.headers && Object.keys(input.callback.headers).length > 0
          ? input.callback.headers
          : null,
    }
  }
  return null
}

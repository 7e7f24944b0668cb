import type { PushNotification } from '@placet/protocol'
import webPush from 'web-push'
import type { Config } from '../../config.ts'
import type { PushSubscriptionRecord } from '../../store/push-subscriptions.ts'
import { findPushEndpointProblem } from './push-endpoint-guard.ts'

/** A push service that does not answer within this is given up on; the next event tries again. */
const PUSH_TIMEOUT_MS = 10_000
/** How long a push service keeps a message for a browser that is offline: a review's default life. */
const PUSH_TTL_SECONDS = 24 * 60 * 60

/** What a send came to: `isGone` when the subscription can never work again (RFC 8030 404/410). */
export type PushOutcome = { statusCode: number; error: string | null; isGone: boolean }

/**
 * Sends one notification: web-push encrypts it for the subscription (aes128gcm, RFC 8291) and
 * signs the VAPID header (RFC 8292); the request itself goes out with fetch, like a webhook, so
 * it gets the same SSRF check at send time, a timeout and no redirects (web-push's own sender
 * speaks https only, which a push receiver on loopback in development cannot).
 */
export async function sendPushMessage(
  subscription: PushSubscriptionRecord,
  notification: PushNotification,
  settings: Config['push'],
): Promise<PushOutcome> {
  const problem = await findPushEndpointProblem(subscription.endpoint, settings.allowPrivate)
  if (problem) return { statusCode: 0, error: problem, isGone: false }
  let request: ReturnType<typeof webPush.generateRequestDetails>
  try {
    request = webPush.generateRequestDetails(
      {
        endpoint: subscription.endpoint,
        keys: { p256dh: subscription.p256dh, auth: subscription.auth },
      },
      JSON.stringify(notification),
      {
        vapidDetails: settings.vapid,
        TTL: PUSH_TTL_SECONDS,
        contentEncoding: 'aes128gcm',
        urgency: 'high',
      },
    )
  } catch (error) {
    // Keys that are not a P-256 point can never be encrypted for.
    return { statusCode: 0, error: (error as Error).message, isGone: true }
  }
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== 'content-length')
      .map(([name, value]) => [name, String(value)]),
  )
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: request.body ?? undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    })
    await response.body?.cancel()
    const isSuccess = response.status >= 200 && response.status < 300
    return {
      statusCode: response.status,
      error: isSuccess ? null : `HTTP ${response.status}`,
      isGone: response.status === 404 || response.status === 410,
    }
  } catch (error) {
    return { statusCode: 0, error: (error as Error).message, isGone: false }
  }
}

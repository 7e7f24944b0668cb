import { z } from 'zod'
import { Id } from './common.js'

/** A base64url string as browsers give push keys (no padding). */
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'Expected base64url')

/**
 * `GET /api/push/vapid-key` (spec 3.7): the application server key a browser subscribes with.
 * Ours is never null (keys are generated on first start), but Placet's may be.
 *
 * @example
 * const { publicKey } = VapidKeyResponse.parse(await (await fetch('/api/push/vapid-key')).json())
 */
export const VapidKeyResponse = z.object({ publicKey: z.string().nullable() })
export type VapidKeyResponse = z.infer<typeof VapidKeyResponse>

/**
 * `POST /api/push/subscribe` (spec 3.7): `PushSubscription.toJSON()` of the browser. Extra fields
 * it sends (`expirationTime`) are ignored.
 *
 * @example
 * PushSubscribeBody.parse(subscription.toJSON())
 */
export const PushSubscribeBody = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2048),
  keys: z.object({
    // An uncompressed P-256 point is 65 bytes (87 characters); the auth secret 16 (22).
    p256dh: Base64Url.min(80).max(100),
    auth: Base64Url.min(16).max(64),
  }),
})
export type PushSubscribeBody = z.infer<typeof PushSubscribeBody>

/** `DELETE /api/push/subscribe` (spec 3.7). */
export const PushUnsubscribeBody = z.object({ endpoint: z.string().min(1).max(2048) })
export type PushUnsubscribeBody = z.infer<typeof PushUnsubscribeBody>

/**
 * What a push message carries once decrypted: the service worker shows `title` and `body` and
 * opens `url` (that agent's chat, spec 6.8) on a click. `tag` makes a newer notification of the
 * same message replace an older one.
 *
 * @example
 * self.addEventListener('push', (event) => {
 *   const note = PushNotification.parse(event.data.json())
 *   event.waitUntil(self.registration.showNotification(note.title, { body: note.body, tag: note.tag }))
 * })
 */
export const PushNotification = z.object({
  kind: z.enum(['review', 'message']),
  title: z.string(),
  body: z.string(),
  url: z.string(),
  tag: z.string(),
  messageId: Id,
  channelId: Id,
})
export type PushNotification = z.infer<typeof PushNotification>

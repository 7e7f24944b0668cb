import { PushSubscribeBody, VapidKeyResponse } from '@placet/protocol'
import { z } from 'zod'
import { apiRequest } from './api-client'

/**
 * This browser's Web Push subscription (spec 6.8, issue 10): the Settings toggle turns it on
 * and off. The service worker (`/sw.js`) shows what arrives.
 */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on'

const NO_CONTENT = z.undefined()

const isSupported = () =>
  typeof window !== 'undefined' &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  'Notification' in window

/** Registers the service worker (idempotent); null where the browser has none. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null
  return navigator.serviceWorker.register('/sw.js', { scope: '/' })
}

export async function readPushState(): Promise<PushState> {
  if (!isSupported()) return 'unsupported'
  if (Notification.permission === 'denied') return 'denied'
  const registration = await navigator.serviceWorker.getRegistration('/')
  const subscription = await registration?.pushManager.getSubscription()
  return subscription ? 'on' : 'off'
}

/** Asks for permission, subscribes with the server's VAPID key and tells the server. */
export async function enablePush(): Promise<PushState> {
  if (!isSupported()) return 'unsupported'
  if ((await Notification.requestPermission()) !== 'granted') return 'denied'
  const registration = (await registerServiceWorker())!
  await navigator.serviceWorker.ready
  const { publicKey } = await apiRequest('/api/push/vapid-key', { schema: VapidKeyResponse })
  if (!publicKey) throw new Error('This server has no push key')
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(publicKey),
    }))
  await apiRequest('/api/push/subscribe', {
    method: 'POST',
    body: PushSubscribeBody.parse(subscription.toJSON()),
    schema: NO_CONTENT,
  })
  return 'on'
}

/** Unsubscribes this browser, here and on the server. */
export async function disablePush(): Promise<PushState> {
  const registration = await navigator.serviceWorker.getRegistration('/')
  const subscription = await registration?.pushManager.getSubscription()
  if (subscription) {
    await apiRequest('/api/push/subscribe', {
      method: 'DELETE',
      body: { endpoint: subscription.endpoint },
      schema: NO_CONTENT,
    })
    await subscription.unsubscribe()
  }
  return 'off'
}

/** The raw bytes of a base64url string, as `applicationServerKey` takes them. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

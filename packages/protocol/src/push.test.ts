import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { PushNotification, PushSubscribeBody } from './push.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

// The shape of a real Chrome subscription (keys are base64url without padding).
const subscription = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc:def',
  expirationTime: null,
  keys: {
    p256dh:
      'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
}

describe('PushSubscribeBody', () => {
  it('accepts what PushSubscription.toJSON() gives and drops the rest', () => {
    expect(PushSubscribeBody.parse(subscription)).toEqual({
      endpoint: subscription.endpoint,
      keys: subscription.keys,
    })
  })

  it('refuses a non-http endpoint and keys that are not base64url', () => {
    expect(pathOf(PushSubscribeBody, { ...subscription, endpoint: 'ftp://x.example/a' })).toEqual([
      'endpoint',
    ])
    expect(
      pathOf(PushSubscribeBody, {
        ...subscription,
        keys: { ...subscription.keys, auth: 'a+b/c=' },
      }),
    ).toEqual(['keys', 'auth'])
    expect(pathOf(PushSubscribeBody, { endpoint: subscription.endpoint })).toEqual(['keys'])
  })
})

describe('PushNotification', () => {
  it('names what the service worker shows and opens', () => {
    const note = {
      kind: 'review',
      title: 'Deploy v2?',
      body: 'Deployer asks for approval',
      url: '/chats/clxyz456',
      tag: 'clmsg001',
      messageId: 'clmsg001',
      channelId: 'clxyz456',
    }
    expect(PushNotification.safeParse(note).success).toBe(true)
    expect(pathOf(PushNotification, { ...note, kind: 'alert' })).toEqual(['kind'])
  })
})

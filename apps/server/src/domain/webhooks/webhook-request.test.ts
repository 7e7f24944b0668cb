import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  WEBHOOK_USER_AGENT,
  buildWebhookRequest,
  type ChannelSettings,
  type OutboundDelivery,
} from './webhook-request.ts'
import { createWebhookSecret } from './webhook-secrets.ts'

const secret = createWebhookSecret()
const channel: ChannelSettings = {
  webhookUrl: 'https://agent.example/hook',
  webhookHeaders: { 'X-Tenant': 'acme', 'Content-Type': 'application/vnd.acme+json' },
  webhookAuth: { username: 'bot', password: 's3cret' },
  webhookSecret: secret,
  webhookPreviousSecret: null,
  webhookSecretRotatedAt: null,
}
const delivery: OutboundDelivery = {
  webhookId: 'msg_4_abc',
  url: 'https://agent.example/hook',
  method: 'POST',
  body: '{"event":"message:created"}',
  headers: null,
  useChannelCredentials: true,
}
const now = new Date()

describe('buildWebhookRequest (spec 4.3)', () => {
  it('sends the channel URL its Basic auth and custom headers, signed', () => {
    const request = buildWebhookRequest(delivery, channel, now)
    expect(request.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('bot:s3cret').toString('base64')}`,
      'x-tenant': 'acme',
      'content-type': 'application/vnd.acme+json',
      'user-agent': WEBHOOK_USER_AGENT,
      'webhook-id': 'msg_4_abc',
    })
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow()
  })

  it('gives other URLs no channel credentials', () => {
    const request = buildWebhookRequest(
      { ...delivery, url: 'https://once.example/x', useChannelCredentials: false },
      channel,
      now,
    )
    expect(request.headers).not.toHaveProperty('authorization')
    expect(request.headers).not.toHaveProperty('x-tenant')
    expect(request.headers['content-type']).toBe('application/json')
    expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow()
  })

  it('withholds credentials when the channel webhook has moved since the delivery was queued', () => {
    const request = buildWebhookRequest(
      delivery,
      { ...channel, webhookUrl: 'https://new.example/hook' },
      now,
    )
    expect(request.headers).not.toHaveProperty('authorization')
    expect(request.headers).not.toHaveProperty('x-tenant')
  })

  it('sends a legacy callback its own headers and method, which cannot replace the signature', () => {
    const request = buildWebhookRequest(
      {
        ...delivery,
        url: 'https://legacy.example/cb',
        method: 'PUT',
        headers: { 'X-Token': 't', 'webhook-id': 'forged' },
        useChannelCredentials: false,
      },
      channel,
      now,
    )
    expect(request.method).toBe('PUT')
    expect(request.headers['x-token']).toBe('t')
    expect(request.headers['webhook-id']).toBe('msg_4_abc')
    expect(request.headers).not.toHaveProperty('authorization')
  })
})

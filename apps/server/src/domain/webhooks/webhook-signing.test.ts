import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { createWebhookSecret } from './webhook-secrets.ts'
import {
  ROTATION_OVERLAP_MS,
  activeSigningSecrets,
  signWebhookPayload,
  signatureHeaders,
} from './webhook-signing.ts'

const body = JSON.stringify({ event: 'review:responded', response: { selectedOption: 'ok' } })

describe('webhook signing (Standard Webhooks)', () => {
  it('signs exactly as the standardwebhooks package does', () => {
    const secret = createWebhookSecret()
    const timestamp = new Date(1_700_000_000_000)
    expect(signWebhookPayload(secret, 'msg_1_abc', 1_700_000_000, body)).toBe(
      new Webhook(secret).sign('msg_1_abc', timestamp, body),
    )
  })

  it('produces headers that the standardwebhooks package verifies', () => {
    const secret = createWebhookSecret()
    const headers = signatureHeaders({
      webhookId: 'msg_7_abc',
      body,
      secrets: [secret],
      now: new Date(),
    })
    expect(headers['webhook-id']).toBe('msg_7_abc')
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/)
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
  })

  it('refuses a tampered body or a foreign secret', () => {
    const secret = createWebhookSecret()
    const headers = signatureHeaders({
      webhookId: 'msg_7_abc',
      body,
      secrets: [secret],
      now: new Date(),
    })
    expect(() => new Webhook(secret).verify(body.replace('ok', 'no'), headers)).toThrow()
    expect(() => new Webhook(createWebhookSecret()).verify(body, headers)).toThrow()
  })

  it('sends two space-separated signatures that each verify with their own secret', () => {
    const [current, previous] = [createWebhookSecret(), createWebhookSecret()]
    const headers = signatureHeaders({
      webhookId: 'msg_8_abc',
      body,
      secrets: [current, previous],
      now: new Date(),
    })
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow()
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow()
  })

  it('leaves the signature out when the agent has no secret', () => {
    const headers = signatureHeaders({ webhookId: 'msg_9_abc', body, secrets: [], now: new Date() })
    expect(headers).not.toHaveProperty('webhook-signature')
  })
})

describe('activeSigningSecrets', () => {
  const now = new Date('2026-05-01T12:00:00Z')
  const rotated = (msAgo: number) => ({
    webhookSecret: 'whsec_new',
    webhookPreviousSecret: 'whsec_old',
    webhookSecretRotatedAt: new Date(now.getTime() - msAgo),
  })

  it('uses both secrets during the 24 h after a rotation', () => {
    expect(activeSigningSecrets(rotated(60_000), now)).toEqual(['whsec_new', 'whsec_old'])
    expect(activeSigningSecrets(rotated(ROTATION_OVERLAP_MS - 1), now)).toEqual([
      'whsec_new',
      'whsec_old',
    ])
  })

  it('drops the previous secret once the window has passed', () => {
    expect(activeSigningSecrets(rotated(ROTATION_OVERLAP_MS), now)).toEqual(['whsec_new'])
  })

  it('signs with nothing when there is no secret, and with one when never rotated', () => {
    expect(
      activeSigningSecrets(
        { webhookSecret: null, webhookPreviousSecret: null, webhookSecretRotatedAt: null },
        now,
      ),
    ).toEqual([])
    expect(
      activeSigningSecrets(
        { webhookSecret: 'whsec_a', webhookPreviousSecret: null, webhookSecretRotatedAt: null },
        now,
      ),
    ).toEqual(['whsec_a'])
  })
})

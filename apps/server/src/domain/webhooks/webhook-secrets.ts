import { randomBytes } from 'node:crypto'
import { WEBHOOK_SECRET_PREFIX } from '@placet/protocol'
import type { AgentFields, AgentRecord } from '../../store/agents.ts'

/**
 * A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes, the format the
 * `standardwebhooks` package and its ports accept as is (issue 5).
 */
export function createWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`
}

/** Fields that change an agent's secrets, and the new secret to show once (or null). */
export type SecretChange = { fields: AgentFields; shownSecret: string | null }

/**
 * Registering a webhook gives the agent a secret if it has none. An existing secret is kept,
 * so agents that call setWebhook on every start do not break their receivers; replacing it
 * is the explicit rotateWebhookSecret.
 */
export function ensureWebhookSecret(row: Pick<AgentRecord, 'webhookSecret'> | null): SecretChange {
  if (row?.webhookSecret) return { fields: {}, shownSecret: null }
  const secret = createWebhookSecret()
  return { fields: { webhookSecret: secret }, shownSecret: secret }
}

/**
 * A new secret; the current one becomes the previous, which deliveries keep signing with for
 * the rotation window (issue 5), so receivers can switch over without losing a delivery.
 */
export function rotateWebhookSecret(
  row: Pick<AgentRecord, 'webhookSecret'>,
  now: Date,
): SecretChange & { shownSecret: string } {
  const secret = createWebhookSecret()
  return {
    fields: {
      webhookSecret: secret,
      webhookPreviousSecret: row.webhookSecret,
      webhookSecretRotatedAt: row.webhookSecret ? now : null,
    },
    shownSecret: secret,
  }
}

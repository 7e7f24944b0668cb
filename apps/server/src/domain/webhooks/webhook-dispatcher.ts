import type { WebhookEvent } from '@placet/protocol'
import type { Config } from '../../config.ts'
import { logger } from '../../logger.ts'
import { findAgent, type AgentRecord } from '../../store/agents.ts'
import { insertApiLog } from '../../store/api-logs.ts'
import type { Database } from '../../store/database.ts'
import {
  claimDueDeliveries,
  disableChannelEndpoint,
  findLeaseHolders,
  findNextWakeAt,
  insertWebhookAttempt,
  releaseLeases,
  settleDelivery,
  type ClaimedDelivery,
  type DeliverySettlement,
} from '../../store/webhook-deliveries.ts'
import { setMessageDeliveryStatus } from '../../store/webhook-messages.ts'
import { toLoggedBody, toLoggedPath } from '../agents/api-logs.ts'
import type { NodeRegistry } from '../cluster/node-registry.ts'
import type { EventLog } from '../events/event-log.ts'
import { buildWebhookRequest, type ChannelSettings } from './webhook-request.ts'
import { TRACKED_EVENTS } from './webhook-outbox.ts'
import { nextRetryDelayMs } from './webhook-retry-schedule.ts'
import { sendWebhookRequest, type AttemptOutcome } from './webhook-sender.ts'
import type { Agent } from 'undici'
import { createPinnedConnector } from './pinned-connector.ts'
import { findWebhookUrlProblem } from './webhook-url-guard.ts'

const log = logger.child({ module: 'webhook-dispatcher' })

/** An outcome that ends the delivery at once, whatever is left of the schedule. */
type FinalOutcome = AttemptOutcome & { isFinal?: boolean }

function settingsOf(agent: AgentRecord): ChannelSettings {
  return {
    webhookUrl: agent.webhookUrl,
    webhookHeaders: agent.webhookHeaders,
    webhookAuth: agent.webhookAuth,
    webhookSecret: agent.webhookSecret,
    webhookPreviousSecret: agent.webhookPreviousSecret,
    webhookSecretRotatedAt: agent.webhookSecretRotatedAt,
  }
}

const isSuccess = (statusCode: number) => statusCode >= 200 && statusCode < 300

/** A receiver's answer for the log, masked like everything else when it is JSON. */
function loggedResponseOf(text: string | null): string | null {
  if (text === null) return null
  try {
    return toLoggedBody(JSON.parse(text))
  } catch {
    return toLoggedBody(text)
  }
}

/**
 * Sends one leased delivery and records what happened (issue 5): the attempt row, the next
 * state (delivered, retry later, or failed for good), the message's ticks with a
 * `message:delivery` event (spec 4.5), the outbound ApiLog row (spec 1.10), and on 410 Gone
 * the channel endpoint switched off. All of that commits in one transaction.
 */
export class WebhookDispatcher {
  /** Connects to the address the guard checked, so DNS cannot rebind in between. */
  private readonly connector: Agent

  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly settings: Config['webhooks'],
    private readonly nodes: NodeRegistry,
  ) {
    this.connector = createPinnedConnector({ allowPrivate: settings.allowPrivate })
  }

  /** Closes the connections kept alive to receivers. */
  close(): Promise<void> {
    return this.connector.close()
  }

  /**
   * Leases up to `limit` deliveries due now to this node until `leaseUntil`: no other server
   * attempts them meanwhile. If this node dies mid-send, {@link releaseDeadLeases} on another
   * node (or on this one's successor) frees them; the lease running out is only the last resort.
   */
  claimDue(leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    const lease = { until: leaseUntil, nodeId: this.nodes.nodeId }
    return this.db.transaction((tx) => claimDueDeliveries(tx, new Date(), lease, limit))
  }

  /**
   * Frees the leases of nodes that are dead (issue 14), so what they had in flight is retried
   * now rather than when the lease runs out. Alone, that is every lease but this node's own,
   * including leases that name no holder; with peers, only those of nodes whose presence lapsed.
   * Returns how many leases were freed.
   */
  async releaseDeadLeases(): Promise<number> {
    const now = new Date()
    const holders = await this.db.read((tx) => findLeaseHolders(tx, now))
    const named = holders.filter((holder): holder is string => holder !== null)
    const dead = await this.nodes.findDead(named)
    const includeUnnamed = this.nodes.isAlone && holders.includes(null)
    if (dead.length === 0 && !includeUnnamed) return 0
    const released = await this.db.transaction((tx) =>
      releaseLeases(tx, now, { nodeIds: dead, includeUnnamed }),
    )
    if (released > 0) log.warn({ released, deadNodes: dead }, 'released leases of dead nodes')
    return released
  }

  /** When a delivery next falls due or a lease runs out; null when nothing is pending. */
  nextDueAt(): Promise<Date | null> {
    return this.db.read((tx) => findNextWakeAt(tx, new Date()))
  }

  async dispatch(claim: ClaimedDelivery): Promise<void> {
    // Read at send time: credentials, secrets and the disabled flag are the current ones.
    const agent = await this.db.read((tx) => findAgent(tx, claim.agentId))
    if (!agent) return // deleted with its deliveries (cascade)
    const attemptedAt = new Date()
    const outcome = await this.attempt(claim, agent, attemptedAt)
    await this.record(claim, agent, attemptedAt, outcome)
  }

  private async attempt(
    claim: ClaimedDelivery,
    agent: AgentRecord,
    now: Date,
  ): Promise<FinalOutcome> {
    const isChannelUrl = claim.useChannelCredentials && agent.webhookUrl === claim.url
    if (isChannelUrl && agent.webhookDisabledAt) {
      return {
        statusCode: 0,
        durationMs: 0,
        error: 'Endpoint disabled after 410 Gone; set the webhook again to re-enable it',
        responseBody: null,
        isFinal: true,
      }
    }
    // Checked before every send, not only at registration: DNS can point elsewhere by now.
    const problem = await findWebhookUrlProblem(claim.url, this.settings.allowPrivate)
    if (problem) {
      const error = `Refused by the SSRF guard: ${problem}`
      return { statusCode: 0, durationMs: 0, error, responseBody: null }
    }
    return sendWebhookRequest(
      buildWebhookRequest(claim, settingsOf(agent), now),
      this.settings.timeoutMs,
      this.connector,
    )
  }

  /** Where the delivery stands after `outcome`, the attempt numbered `claim.attemptCount + 1`. */
  private settlementOf(
    claim: ClaimedDelivery,
    outcome: FinalOutcome,
    now: Date,
  ): DeliverySettlement {
    if (isSuccess(outcome.statusCode)) {
      return { state: 'delivered', nextAttemptAt: null, lastError: null, deliveredAt: now }
    }
    const lastError = outcome.error ?? `HTTP ${outcome.statusCode}`
    const delay =
      outcome.isFinal || outcome.statusCode === 410
        ? null
        : nextRetryDelayMs(this.settings.retryScheduleMs, claim.attemptCount + 1)
    if (delay === null) {
      return { state: 'failed', nextAttemptAt: null, lastError, deliveredAt: null }
    }
    return {
      state: 'pending',
      nextAttemptAt: new Date(now.getTime() + delay),
      lastError,
      deliveredAt: null,
    }
  }

  private async record(
    claim: ClaimedDelivery,
    agent: AgentRecord,
    attemptedAt: Date,
    outcome: FinalOutcome,
  ): Promise<void> {
    const now = new Date()
    const settlement = this.settlementOf(claim, outcome, now)
    await this.eventLog.change(async (tx, emit) => {
      if (!(await settleDelivery(tx, claim, settlement))) {
        // Our lease ran out and another server took over; its record is the one that counts.
        log.warn(
          { deliveryId: claim.id },
          'lost the lease of a webhook delivery before recording it',
        )
        return
      }
      await insertWebhookAttempt(tx, {
        deliveryId: claim.id,
        attemptedAt,
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        error: outcome.error,
      })
      if (outcome.statusCode === 410 && claim.useChannelCredentials) {
        await disableChannelEndpoint(tx, agent.id, claim.url, now)
      }
      if (claim.messageId && TRACKED_EVENTS.includes(claim.event as WebhookEvent)) {
        // Placet's ticks show the last dispatch: delivered on a 2xx, failed on anything else.
        const deliveryStatus = isSuccess(outcome.statusCode)
          ? 'webhook_delivered'
          : 'webhook_failed'
        if (await setMessageDeliveryStatus(tx, claim.messageId, deliveryStatus)) {
          emit({
            type: 'message:delivery',
            userId: agent.ownerId,
            channelId: agent.id,
            payload: { messageId: claim.messageId, deliveryStatus, channelId: agent.id },
          })
        }
      }
      await insertApiLog(tx, {
        userId: agent.ownerId,
        agentId: agent.id,
        method: claim.method,
        path: toLoggedPath(claim.url),
        requestBody: toLoggedBody(JSON.parse(claim.body)),
        responseBody: loggedResponseOf(outcome.responseBody),
        statusCode: outcome.statusCode,
        durationMs: outcome.durationMs,
        direction: 'outbound',
      })
    })
  }
}

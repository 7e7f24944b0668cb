import { createHash } from 'node:crypto'
import type { LoggedEventType, Message, WebhookBody, WebhookEvent } from '@placet/protocol'
import { findAgent, type AgentRecord } from '../../store/agents.ts'
import type { Tx } from '../../store/database.ts'
import type { CommittedEvent } from '../../store/events.ts'
import type { AppendHook } from '../events/event-log.ts'
import { insertWebhookDelivery, type NewWebhookDelivery } from '../../store/webhook-deliveries.ts'
import { findWebhookMessage, type WebhookMessage } from '../../store/webhook-messages.ts'
import {
  buildAgentStatusBody,
  buildMessageCreatedBody,
  buildReviewCancelledBody,
  buildReviewExpiredBody,
  buildReviewRespondedBody,
  type ReviewedMessage,
} from './webhook-bodies.ts'
import {
  resolveChannelTarget,
  resolveReviewTarget,
  type ChannelEndpoint,
  type WebhookTarget,
} from './webhook-targets.ts'

/*
 * The outbox side of webhook delivery (issue 5, design.md): for each logged event that an
 * agent's webhook should hear about, a WebhookDelivery row is written in the event's own
 * transaction. Either both commit or neither does, so no answer is ever announced without
 * its webhook being owed, and a crash before the send loses nothing.
 */

/** Event types that may owe a webhook. */
const WEBHOOK_SOURCE_EVENTS: ReadonlySet<LoggedEventType> = new Set<LoggedEventType>([
  'message:created',
  'review:responded',
  'review:expired',
  'review:cancelled',
  'agent:status',
])

/**
 * True when `event` may owe a webhook: the cheap test the hook and the worker's wake-up share.
 * An agent's own messages never do (spec 4.1), and they are most of the traffic.
 */
export function mayOweWebhook(event: CommittedEvent): boolean {
  if (event.type === 'message:created') return event.payload.senderType === 'user'
  return WEBHOOK_SOURCE_EVENTS.has(event.type)
}

/** Deliveries whose outcome shows as the message's ticks (spec 4.5). */
export const TRACKED_EVENTS: readonly WebhookEvent[] = ['review:responded', 'message:created']

/**
 * `webhook-id`: one per event and endpoint, so a receiver deduplicates retries and replays of
 * the same delivery (Standard Webhooks' `msg_` convention).
 */
export function webhookIdFor(eventSeq: number, url: string): string {
  return `msg_${eventSeq}_${createHash('sha256').update(url).digest('hex').slice(0, 12)}`
}

function endpointOf(agent: AgentRecord): ChannelEndpoint {
  return {
    webhookUrl: agent.webhookUrl,
    webhookDisabledAt: agent.webhookDisabledAt,
    webhookEvents: agent.webhookEvents,
  }
}

/** A message with a review, or null when the stored row has none. */
function reviewedOf(message: WebhookMessage | null): (ReviewedMessage & WebhookMessage) | null {
  return message?.review ? { ...message, review: message.review } : null
}

type Plan = { target: WebhookTarget; body: WebhookBody; messageId: string | null }

/**
 * The answered message as the outbox needs it, straight from the event: the committed payload
 * holds the raw answer (dashboards get it redacted when it is emitted, not in the log).
 */
function answeredMessageOf(payload: Message): WebhookMessage {
  return {
    id: payload.id,
    channelId: payload.channelId,
    senderType: payload.senderType,
    review: payload.review,
    metadata: payload.metadata,
    iterationGroupId: payload.iterationGroupId,
    iteration: payload.iteration,
    createdAt: new Date(payload.createdAt),
  }
}

/**
 * False when an answered message cannot owe a webhook: no channel webhook, no per-message URL,
 * no legacy callback. Most agents listen on a socket or long-poll; they cost the outbox nothing.
 */
function mayHaveTarget(payload: Message): boolean {
  return Boolean(
    payload.agent?.webhookUrl ??
    payload.metadata?.webhookUrl ??
    payload.review?.callback ??
    !payload.agent,
  )
}

/** What `event` owes, if anything: where it goes and what it says (spec 4.1, 4.2). */
async function planDelivery(
  tx: Tx,
  event: CommittedEvent,
  agent: AgentRecord,
): Promise<Plan | null> {
  const eventTime = new Date(event.createdAt)
  switch (event.type) {
    case 'message:created': {
      const target = resolveChannelTarget(endpointOf(agent), 'message:created')
      return (
        target && {
          target,
          body: buildMessageCreatedBody(event.payload),
          messageId: event.payload.id,
        }
      )
    }
    case 'review:responded':
    case 'review:expired': {
      const isAnswer = event.type === 'review:responded'
      const message = reviewedOf(
        isAnswer
          ? answeredMessageOf(event.payload)
          : await findWebhookMessage(tx, event.payload.messageId),
      )
      if (!message) return null
      const target = resolveReviewTarget({
        metadata: message.metadata,
        channel: endpointOf(agent),
        callback: message.review.callback,
      })
      const body = isAnswer
        ? buildReviewRespondedBody(message, eventTime)
        : buildReviewExpiredBody(message, eventTime)
      return target && { target, body, messageId: message.id }
    }
    case 'review:cancelled': {
      const target = resolveChannelTarget(endpointOf(agent), 'review:cancelled')
      const message = target && reviewedOf(await findWebhookMessage(tx, event.payload.messageId))
      return (
        target &&
        message && {
          target,
          body: buildReviewCancelledBody(message, eventTime),
          messageId: message.id,
        }
      )
    }
    case 'agent:status': {
      const target = resolveChannelTarget(endpointOf(agent), 'agent:status')
      return target && { target, body: buildAgentStatusBody(event.payload), messageId: null }
    }
    default:
      return null
  }
}

/** The outbox row for a plan, due at once. */
function toDeliveryRow(
  event: { seq: number },
  agentId: string,
  plan: Plan,
  now: Date,
): NewWebhookDelivery {
  return {
    webhookId: webhookIdFor(event.seq, plan.target.url),
    agentId,
    messageId: plan.messageId,
    eventSeq: event.seq,
    event: plan.body.event,
    url: plan.target.url,
    method: plan.target.method,
    useChannelCredentials: plan.target.useChannelCredentials,
    headers: plan.target.headers,
    // Stored as the exact text that is signed and sent, so every attempt sends the same bytes.
    body: JSON.stringify(plan.body),
    nextAttemptAt: now,
  }
}

/**
 * Writes the delivery `event` owes, if any, in the caller's transaction; true when it wrote
 * one. Registered with `eventLog.onAppend`, and used by a retry that finds nothing to re-queue.
 */
export async function enqueueWebhookDelivery(tx: Tx, event: CommittedEvent): Promise<boolean> {
  if (!mayOweWebhook(event)) return false
  const agent = await findAgent(tx, event.channelId)
  if (!agent) return false
  const plan = await planDelivery(tx, event, agent)
  if (!plan) return false
  await insertWebhookDelivery(tx, toDeliveryRow(event, agent.id, plan, new Date()))
  return true
}

/** Bounds the memory of events whose transaction rolled back after queuing. */
const QUEUED_MEMORY = 10_000

/**
 * The outbox as an event-log hook (`eventLog.onAppend(outbox.hook)`). It remembers which events
 * queued a delivery in this process, so the worker wakes for those only, not for every answer
 * of an agent without webhooks (each wake-up costs the database a claim query).
 */
export class WebhookOutbox {
  private readonly queued = new Set<number>()

  readonly hook: AppendHook = async (tx, event) => {
    // Settings as they are now, carried by the answer itself: skip the reads when none apply.
    if (event.type === 'review:responded' && !mayHaveTarget(event.payload)) return
    if (!(await enqueueWebhookDelivery(tx, event))) return
    if (this.queued.size >= QUEUED_MEMORY) this.queued.clear()
    this.queued.add(event.seq)
  }

  /** True once for each committed event that queued a delivery here. */
  takeQueued(seq: number): boolean {
    return this.queued.delete(seq)
  }
}

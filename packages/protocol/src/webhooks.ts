import { z } from 'zod'
import { AgentStatus } from './agents.js'
import { Id, IsoDate, JsonObject, PageLimit, pageOf } from './common.js'
import { Message } from './messages.js'
import { Responder, ReviewType } from './reviews.js'

/*
 * Webhook bodies (spec 4.1). Placet mixes `message_id` and `messageId`, so both are sent
 * (spec 9.1.7, 10); `messageId` is the canonical one.
 */

/** Sent when a person answers a review; `response` is raw, password fields included. */
export const ReviewRespondedWebhook = z.object({
  event: z.literal('review:responded'),
  channelId: Id,
  message_id: Id,
  messageId: Id,
  review_type: ReviewType,
  response: JsonObject,
  modifiedFileIds: z.record(z.string(), z.string()).optional(),
  feedback: z.string().optional(),
  responded_at: IsoDate,
  respondedBy: Responder.optional(),
  iterationGroupId: z.string().optional(),
  iteration: z.number().int().optional(),
})
export type ReviewRespondedWebhook = z.infer<typeof ReviewRespondedWebhook>

/** Sent to the channel webhook when a person writes in the chat. */
export const MessageCreatedWebhook = z.object({
  event: z.literal('message:created'),
  channelId: Id,
  message: Message,
})
export type MessageCreatedWebhook = z.infer<typeof MessageCreatedWebhook>

/** Sent when a review reaches its deadline unanswered. */
export const ReviewExpiredWebhook = z.object({
  event: z.literal('review:expired'),
  channelId: Id,
  message_id: Id,
  messageId: Id,
  review_type: ReviewType,
  expired_at: IsoDate,
})
export type ReviewExpiredWebhook = z.infer<typeof ReviewExpiredWebhook>

/** Ours, opt-in: the agent withdrew a pending review. */
export const ReviewCancelledWebhook = z.object({
  event: z.literal('review:cancelled'),
  channelId: Id,
  message_id: Id,
  messageId: Id,
  review_type: ReviewType,
  cancelled_at: IsoDate,
})
export type ReviewCancelledWebhook = z.infer<typeof ReviewCancelledWebhook>

/** Ours, opt-in: the agent's heartbeat status changed. */
export const AgentStatusWebhook = z.object({
  event: z.literal('agent:status'),
  channelId: Id,
  agentId: Id,
  status: AgentStatus,
  statusMessage: z.string().nullable(),
  statusSince: IsoDate.nullable(),
})
export type AgentStatusWebhook = z.infer<typeof AgentStatusWebhook>

/**
 * Any webhook body we send, told apart by `event`.
 *
 * @example
 * const body = WebhookBody.parse(JSON.parse(raw))
 * if (body.event === 'review:responded') console.log(body.response)
 */
export const WebhookBody = z.discriminatedUnion('event', [
  ReviewRespondedWebhook,
  MessageCreatedWebhook,
  ReviewExpiredWebhook,
  ReviewCancelledWebhook,
  AgentStatusWebhook,
])
export type WebhookBody = z.infer<typeof WebhookBody>
export type WebhookEvent = WebhookBody['event']

/** State of one webhook delivery in the outbox. */
export const WebhookDeliveryState = z.enum(['pending', 'delivered', 'failed'])
export type WebhookDeliveryState = z.infer<typeof WebhookDeliveryState>

/** One attempt at sending a delivery: `statusCode` 0 means no HTTP answer. */
export const WebhookAttempt = z.object({
  id: Id,
  attemptedAt: IsoDate,
  statusCode: z.number().int(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
})
export type WebhookAttempt = z.infer<typeof WebhookAttempt>

/** A delivery of one event to one endpoint, with its attempts (delivery log). */
export const WebhookDelivery = z.object({
  id: Id,
  webhookId: z.string(),
  agentId: Id,
  messageId: z.string().nullable(),
  event: z.string(),
  url: z.string(),
  state: WebhookDeliveryState,
  attemptCount: z.number().int(),
  nextAttemptAt: IsoDate.nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDate,
  attempts: z.array(WebhookAttempt),
})
export type WebhookDelivery = z.infer<typeof WebhookDelivery>

/**
 * `GET /api/agents/:id/webhook-deliveries` (and `/api/v1/…`): newest first, `cursor` = last id.
 *
 * @example
 * const query = WebhookDeliveryListQuery.parse({ limit: '20', cursor: page.nextCursor ?? undefined })
 */
export const WebhookDeliveryListQuery = z.object({
  cursor: z.string().max(128).optional(),
  limit: PageLimit.default(50),
})
export type WebhookDeliveryListQuery = z.infer<typeof WebhookDeliveryListQuery>

/**
 * `GET /api/webhook-deliveries`: the deliveries of all the user's agents, newest first, narrowed
 * to one agent or one state (the Logs page, issue 10).
 *
 * @example
 * const query = WebhookDeliveryLogQuery.parse({ state: 'failed', limit: '20' })
 */
export const WebhookDeliveryLogQuery = WebhookDeliveryListQuery.extend({
  agent: Id.optional(),
  state: WebhookDeliveryState.optional(),
})
export type WebhookDeliveryLogQuery = z.infer<typeof WebhookDeliveryLogQuery>

/**
 * A page of an agent's delivery log; `nextCursor` is null on the last page.
 *
 * @example
 * const page = WebhookDeliveryPage.parse(await response.json())
 * const failed = page.data.filter((delivery) => delivery.state === 'failed')
 */
export const WebhookDeliveryPage = pageOf(WebhookDelivery)
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPage>

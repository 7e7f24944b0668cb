import type {
  AgentStatusPayload,
  AgentStatusWebhook,
  Message,
  MessageCreatedWebhook,
  Review,
  ReviewCancelledWebhook,
  ReviewExpiredWebhook,
  ReviewRespondedWebhook,
} from '@placet/protocol'

/*
 * The JSON bodies of the webhooks (spec 4.1), built from what the event log and the message
 * row hold. Their shapes are the protocol's; these functions only fill them in. Placet's
 * snake_case fields are kept, with the camelCase ones next to them (spec 9.1.7, 10).
 */

/** What a review body needs of its message: the stored review, raw (passwords included). */
export type ReviewedMessage = Pick<
  Message,
  'id' | 'channelId' | 'iterationGroupId' | 'iteration'
> & { review: Review }

/** Fields shared by every review body. */
function reviewFields(message: ReviewedMessage) {
  return {
    channelId: message.channelId,
    message_id: message.id,
    messageId: message.id,
    review_type: message.review.type,
  }
}

/**
 * `review:responded`: the raw answer (password fields included, spec 1.6), who gave it, and the
 * chain position only when the message belongs to one.
 */
export function buildReviewRespondedBody(
  message: ReviewedMessage,
  answeredAt: Date,
): ReviewRespondedWebhook {
  const { review } = message
  const modified =
    review.modifiedFileIds && Object.keys(review.modifiedFileIds).length > 0
      ? review.modifiedFileIds
      : undefined
  return {
    event: 'review:responded',
    ...reviewFields(message),
    response: review.response ?? {},
    ...(modified ? { modifiedFileIds: modified } : {}),
    ...(typeof review.feedback === 'string' ? { feedback: review.feedback } : {}),
    responded_at: review.completedAt ?? review.completed_at ?? answeredAt.toISOString(),
    ...(review.respondedBy ? { respondedBy: review.respondedBy } : {}),
    ...(message.iterationGroupId ? { iterationGroupId: message.iterationGroupId } : {}),
    ...(message.iterationGroupId && message.iteration !== null
      ? { iteration: message.iteration }
      : {}),
  } satisfies ReviewRespondedWebhook
}

/**
 * `message:created` from a person: the message as the channel saw it. The event's `seq` and any
 * embedded `agent` object are left out: the agent knows itself, and the body should not carry
 * channel settings to the receiver.
 */
export function buildMessageCreatedBody(
  message: Message & { seq?: number },
): MessageCreatedWebhook {
  const copy = { ...message }
  delete copy.seq
  delete copy.agent
  return {
    event: 'message:created',
    channelId: message.channelId,
    message: copy,
  } satisfies MessageCreatedWebhook
}

/** `review:expired`; Placet's body has no `messageId`, ours has both names. */
export function buildReviewExpiredBody(
  message: ReviewedMessage,
  expiredAt: Date,
): ReviewExpiredWebhook {
  return {
    event: 'review:expired',
    ...reviewFields(message),
    expired_at: message.review.expiredAt ?? expiredAt.toISOString(),
  } satisfies ReviewExpiredWebhook
}

/** `review:cancelled` (ours, opt-in). */
export function buildReviewCancelledBody(
  message: ReviewedMessage,
  cancelledAt: Date,
): ReviewCancelledWebhook {
  return {
    event: 'review:cancelled',
    ...reviewFields(message),
    cancelled_at: message.review.cancelledAt ?? cancelledAt.toISOString(),
  } satisfies ReviewCancelledWebhook
}

/** `agent:status` (ours, opt-in). */
export function buildAgentStatusBody(payload: AgentStatusPayload): AgentStatusWebhook {
  return {
    event: 'agent:status',
    channelId: payload.agentId,
    agentId: payload.agentId,
    status: payload.status,
    statusMessage: payload.statusMessage,
    statusSince: payload.statusSince,
  } satisfies AgentStatusWebhook
}

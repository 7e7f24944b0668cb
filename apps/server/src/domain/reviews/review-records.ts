import {
  DEFAULT_APPROVAL_OPTIONS,
  type Responder,
  type Review,
  type ReviewRequest,
} from '@placet/protocol'

/*
 * The review JSON of a message (spec 1.6) and its transitions, as pure functions: the services
 * load, call these, and store the result behind the "still pending" guard.
 */

/**
 * A new pending review from the agent's request. The request's `expiresInSeconds` is dropped,
 * `expiresAt` is the resolved deadline, and an approval without payload gets the buttons
 * Placet's UI would have shown (spec 1.6), so the answer can be checked against them.
 */
export function newReview(request: ReviewRequest, expiresAt: Date): Review {
  const payload =
    request.type === 'approval' && !request.payload
      ? { options: DEFAULT_APPROVAL_OPTIONS }
      : (request.payload ?? null)
  return {
    type: request.type,
    payload,
    status: 'pending',
    response: null,
    feedback: null,
    modifiedFileIds: null,
    callback: request.callback ?? null,
    expiresAt: expiresAt.toISOString(),
    completedAt: null,
  }
}

/** The plugin a freeform review renders with: `payload.plugin`, when it is a string (spec 1.6). */
export function pluginOfReview(request: ReviewRequest | undefined): string | undefined {
  if (request?.type !== 'freeform') return undefined
  const plugin = request.payload?.plugin
  return typeof plugin === 'string' ? plugin : undefined
}

export type Answer = {
  response: Record<string, unknown>
  feedback?: string | undefined
  modifiedFileIds?: Record<string, string> | undefined
  respondedBy: Responder
}

/**
 * The answered review: `completedAt` plus the seed's `completed_at` (spec 10), and who answered
 * (ours, spec 9.2.1). `modifiedFileIds` is kept only when non-empty, as Placet does.
 */
export function completeReview(review: Review, answer: Answer, now: Date): Review {
  const at = now.toISOString()
  const modified =
    answer.modifiedFileIds && Object.keys(answer.modifiedFileIds).length > 0
      ? answer.modifiedFileIds
      : null
  return {
    ...review,
    status: 'completed',
    response: answer.response,
    feedback: answer.feedback ?? null,
    modifiedFileIds: modified,
    completedAt: at,
    completed_at: at,
    respondedBy: answer.respondedBy,
  }
}

export function expireReview(review: Review, now: Date): Review {
  return { ...review, status: 'expired', expiredAt: now.toISOString() }
}

/** Ours (spec 9.2.3): the agent withdrew the review. */
export function cancelReview(review: Review, now: Date): Review {
  return { ...review, status: 'cancelled', cancelledAt: now.toISOString() }
}

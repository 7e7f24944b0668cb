import {
  AgentStatusWebhook,
  MessageCreatedWebhook,
  ReviewCancelledWebhook,
  ReviewExpiredWebhook,
  ReviewRespondedWebhook,
  type Message,
} from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import {
  buildAgentStatusBody,
  buildMessageCreatedBody,
  buildReviewCancelledBody,
  buildReviewExpiredBody,
  buildReviewRespondedBody,
  type ReviewedMessage,
} from './webhook-bodies.ts'

const answeredAt = new Date('2026-04-01T14:31:00.000Z')

function reviewed(
  overrides: Partial<ReviewedMessage['review']> = {},
  chain: Partial<ReviewedMessage> = {},
): ReviewedMessage {
  return {
    id: 'msg1',
    channelId: 'agent1',
    iterationGroupId: null,
    iteration: null,
    review: {
      type: 'form',
      status: 'completed',
      expiresAt: '2026-04-02T14:30:00.000Z',
      response: { user: 'ada', db_password: 'hunter2' },
      completedAt: '2026-04-01T14:30:00.000Z',
      ...overrides,
    },
    ...chain,
  }
}

describe('buildReviewRespondedBody (spec 4.1)', () => {
  it('sends both id spellings, the raw response with passwords, and responded_at = completedAt', () => {
    const body = buildReviewRespondedBody(
      reviewed({ respondedBy: { id: 'u1', name: 'Ada' } }),
      answeredAt,
    )
    expect(ReviewRespondedWebhook.parse(body)).toEqual(body)
    expect(body).toEqual({
      event: 'review:responded',
      channelId: 'agent1',
      message_id: 'msg1',
      messageId: 'msg1',
      review_type: 'form',
      response: { user: 'ada', db_password: 'hunter2' },
      responded_at: '2026-04-01T14:30:00.000Z',
      respondedBy: { id: 'u1', name: 'Ada' },
    })
  })

  it('adds feedback, modified files and the chain position only when there are some', () => {
    const body = buildReviewRespondedBody(
      reviewed(
        { feedback: 'looks good', modifiedFileIds: { a: 'b' } },
        { iterationGroupId: 'root', iteration: 2 },
      ),
      answeredAt,
    )
    expect(body).toMatchObject({
      feedback: 'looks good',
      modifiedFileIds: { a: 'b' },
      iterationGroupId: 'root',
      iteration: 2,
    })
    const bare = buildReviewRespondedBody(
      reviewed({ feedback: null, modifiedFileIds: {} }),
      answeredAt,
    )
    for (const key of [
      'feedback',
      'modifiedFileIds',
      'iterationGroupId',
      'iteration',
      'respondedBy',
    ])
      expect(bare).not.toHaveProperty(key)
  })

  it('falls back to the event time when the review has no completion time', () => {
    expect(buildReviewRespondedBody(reviewed({ completedAt: null }), answeredAt).responded_at).toBe(
      answeredAt.toISOString(),
    )
  })
})

describe('the other bodies', () => {
  it('review:expired and review:cancelled carry the type and the time', () => {
    const expired = buildReviewExpiredBody(
      reviewed({ status: 'expired', expiredAt: '2026-04-02T14:30:00.000Z' }),
      answeredAt,
    )
    expect(ReviewExpiredWebhook.parse(expired)).toEqual({
      event: 'review:expired',
      channelId: 'agent1',
      message_id: 'msg1',
      messageId: 'msg1',
      review_type: 'form',
      expired_at: '2026-04-02T14:30:00.000Z',
    })
    const cancelled = buildReviewCancelledBody(reviewed({ status: 'cancelled' }), answeredAt)
    expect(ReviewCancelledWebhook.parse(cancelled).cancelled_at).toBe(answeredAt.toISOString())
  })

  it('message:created carries the message without seq or agent', () => {
    const message: Message & { seq: number } = {
      id: 'm2',
      channelId: 'agent1',
      senderType: 'user',
      senderId: 'u1',
      text: 'hello',
      status: null,
      review: null,
      metadata: null,
      deliveryStatus: 'sent',
      iterationGroupId: null,
      iteration: null,
      clientId: null,
      streamId: null,
      streamState: null,
      createdAt: '2026-04-01T14:30:00.000Z',
      updatedAt: null,
      attachments: [],
      seq: 12,
    }
    const body = buildMessageCreatedBody(message)
    expect(MessageCreatedWebhook.parse(body)).toEqual(body)
    expect(body.message).not.toHaveProperty('seq')
    expect(body.message.text).toBe('hello')
  })

  it('agent:status names the agent as the channel', () => {
    const body = buildAgentStatusBody({
      agentId: 'agent1',
      status: 'busy',
      statusMessage: 'deploying',
      statusSince: answeredAt.toISOString(),
      seq: 3,
    })
    expect(AgentStatusWebhook.parse(body)).toEqual(body)
    expect(body).not.toHaveProperty('seq')
  })
})

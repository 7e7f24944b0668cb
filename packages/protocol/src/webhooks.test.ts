import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  AgentStatusWebhook,
  MessageCreatedWebhook,
  ReviewCancelledWebhook,
  ReviewExpiredWebhook,
  ReviewRespondedWebhook,
  WebhookAttempt,
  WebhookBody,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookDeliveryLogQuery,
  WebhookDeliveryPage,
  WebhookDeliveryState,
} from './webhooks.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

const ids = { channelId: 'clxyz456', message_id: 'clxyz111', messageId: 'clxyz111' }
/** Spec 4.1 bodies, with the `messageId` we send beside `message_id` (spec 9.1.7). */
const responded = {
  event: 'review:responded',
  ...ids,
  review_type: 'form',
  response: { user: 'ci', token: 's3cret' },
  modifiedFileIds: { clatt001: 'clatt002' },
  feedback: 'Rotate it next week',
  responded_at: '2026-04-01T14:32:00.000Z',
  iterationGroupId: 'clxyz100',
  iteration: 2,
}
const expired = {
  event: 'review:expired',
  ...ids,
  review_type: 'approval',
  expired_at: '2026-04-02T14:30:00.000Z',
}
const cancelled = {
  event: 'review:cancelled',
  ...ids,
  review_type: 'selection',
  cancelled_at: '2026-04-01T15:00:00.000Z',
}
const agentStatus = {
  event: 'agent:status',
  channelId: 'clxyz456',
  agentId: 'clxyz456',
  status: 'error',
  statusMessage: 'Out of memory',
  statusSince: '2026-04-01T14:00:00.000Z',
}
const message = {
  id: 'clxyz222',
  channelId: 'clxyz456',
  senderType: 'user',
  senderId: 'clusr001',
  text: 'Also bump the changelog',
  status: null,
  review: null,
  metadata: null,
  deliveryStatus: 'sent',
  iterationGroupId: null,
  iteration: null,
  clientId: null,
  streamId: null,
  streamState: null,
  createdAt: '2026-04-01T14:33:00.000Z',
  updatedAt: null,
  attachments: [],
}
const created = { event: 'message:created', channelId: 'clxyz456', message }
const attempt = {
  id: 'clatm001',
  attemptedAt: '2026-04-01T14:32:01.000Z',
  statusCode: 0,
  durationMs: 10_000,
  error: 'timeout',
}
const delivery = {
  id: 'cldel001',
  webhookId: 'channel',
  agentId: 'clxyz456',
  messageId: 'clxyz111',
  event: 'review:responded',
  url: 'https://bot.example.com/hook',
  state: 'pending',
  attemptCount: 1,
  nextAttemptAt: '2026-04-01T14:32:31.000Z',
  lastError: 'timeout',
  createdAt: '2026-04-01T14:32:00.000Z',
  attempts: [attempt],
}

describe('ReviewRespondedWebhook', () => {
  it('accepts the body of spec 4.1, with and without the chain fields', () => {
    expect(ReviewRespondedWebhook.safeParse(responded).success).toBe(true)
    const outsideChain = { ...responded, iterationGroupId: undefined, iteration: undefined }
    expect(ReviewRespondedWebhook.safeParse(outsideChain).success).toBe(true)
    const withResponder = { ...responded, respondedBy: { id: 'clusr001', name: 'Admin' } }
    expect(ReviewRespondedWebhook.safeParse(withResponder).success).toBe(true)
  })

  it('rejects an unknown review type and a missing responded_at', () => {
    expect(pathOf(ReviewRespondedWebhook, { ...responded, review_type: 'poll' })).toEqual([
      'review_type',
    ])
    expect(pathOf(ReviewRespondedWebhook, { ...responded, responded_at: undefined })).toEqual([
      'responded_at',
    ])
  })
})

describe('MessageCreatedWebhook', () => {
  it('accepts the body of spec 4.1', () => {
    expect(MessageCreatedWebhook.safeParse(created).success).toBe(true)
  })

  it('needs the message with its attachments', () => {
    expect(
      pathOf(MessageCreatedWebhook, {
        ...created,
        message: { ...message, attachments: undefined },
      }),
    ).toEqual(['message', 'attachments'])
  })
})

describe('ReviewExpiredWebhook', () => {
  it('accepts the body of spec 4.1', () => {
    expect(ReviewExpiredWebhook.safeParse(expired).success).toBe(true)
    expect(pathOf(ReviewExpiredWebhook, { ...expired, expired_at: 'soon' })).toEqual(['expired_at'])
  })
})

describe('ReviewCancelledWebhook', () => {
  it('accepts our cancelled body', () => {
    expect(ReviewCancelledWebhook.safeParse(cancelled).success).toBe(true)
    expect(pathOf(ReviewCancelledWebhook, { ...cancelled, messageId: undefined })).toEqual([
      'messageId',
    ])
  })
})

describe('AgentStatusWebhook', () => {
  it('accepts our agent:status body', () => {
    expect(AgentStatusWebhook.safeParse(agentStatus).success).toBe(true)
    expect(pathOf(AgentStatusWebhook, { ...agentStatus, status: 'dead' })).toEqual(['status'])
  })
})

describe('WebhookBody', () => {
  it('tells the five bodies apart by event', () => {
    for (const body of [responded, created, expired, cancelled, agentStatus]) {
      expect(WebhookBody.parse(body).event).toBe(body.event)
    }
  })

  it('rejects an event we do not send', () => {
    expect(pathOf(WebhookBody, { ...created, event: 'message:updated' })).toEqual(['event'])
  })

  it('checks the body of the event it names', () => {
    expect(pathOf(WebhookBody, { ...expired, event: 'review:cancelled' })).toEqual(['cancelled_at'])
  })
})

describe('WebhookDeliveryState', () => {
  it('accepts the outbox states', () => {
    expect(WebhookDeliveryState.options).toEqual(['pending', 'delivered', 'failed'])
    expect(WebhookDeliveryState.safeParse('sent').success).toBe(false)
  })
})

describe('WebhookAttempt', () => {
  it('accepts an attempt without an HTTP answer', () => {
    expect(WebhookAttempt.safeParse(attempt).success).toBe(true)
    expect(pathOf(WebhookAttempt, { ...attempt, durationMs: '10s' })).toEqual(['durationMs'])
  })
})

describe('WebhookDelivery', () => {
  it('accepts a delivery with its attempts', () => {
    expect(WebhookDelivery.safeParse(delivery).success).toBe(true)
  })

  it('checks the state and each attempt', () => {
    expect(pathOf(WebhookDelivery, { ...delivery, state: 'retrying' })).toEqual(['state'])
    expect(pathOf(WebhookDelivery, { ...delivery, attempts: [{ ...attempt, id: '' }] })).toEqual([
      'attempts',
      0,
      'id',
    ])
  })
})

describe('WebhookDeliveryListQuery and WebhookDeliveryPage', () => {
  it('reads the query string, with the default limit for anything unusable', () => {
    expect(WebhookDeliveryListQuery.parse({ limit: '20', cursor: 'cldel1' })).toEqual({
      limit: 20,
      cursor: 'cldel1',
    })
    expect(WebhookDeliveryListQuery.parse({ limit: 'lots' })).toEqual({ limit: 50 })
  })

  it('pages deliveries with a nullable cursor', () => {
    expect(WebhookDeliveryPage.safeParse({ data: [delivery], nextCursor: null }).success).toBe(true)
    expect(pathOf(WebhookDeliveryPage, { data: [delivery] })).toEqual(['nextCursor'])
  })
})

describe('WebhookDeliveryLogQuery', () => {
  it('narrows the user’s whole delivery log to an agent or a state', () => {
    expect(WebhookDeliveryLogQuery.parse({ agent: 'clxyz456', state: 'failed' })).toEqual({
      agent: 'clxyz456',
      state: 'failed',
      limit: 50,
    })
    expect(pathOf(WebhookDeliveryLogQuery, { state: 'retrying' })).toEqual(['state'])
  })
})

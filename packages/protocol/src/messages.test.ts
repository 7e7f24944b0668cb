import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  AckResponse,
  Attachment,
  ChannelQuery,
  CreateMessageBody,
  CreateStatusEventBody,
  CreateUserMessageBody,
  DeliveryStatus,
  IterationChain,
  ListMessagesQuery,
  Message,
  MessageColor,
  MessagePage,
  MessageStatusEvent,
  RetryResponse,
  SenderType,
  StreamState,
  TextAttachment,
  UpdateStreamBody,
  WaitResult,
} from './messages.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

/** The seed's `message:created` example plus the columns our server always sends (spec 1.5). */
const message = {
  id: 'clxyz111',
  channelId: 'clxyz456',
  senderType: 'user',
  senderId: 'user_abc',
  text: 'Looks good, ship it!',
  status: null,
  review: null,
  metadata: null,
  createdAt: '2026-04-01T14:30:00.000Z',
  attachments: [],
  deliveryStatus: 'sent',
  iterationGroupId: null,
  iteration: null,
  clientId: null,
  streamId: null,
  streamState: null,
  updatedAt: null,
}
const attachment = {
  id: 'clatt001',
  messageId: null,
  channelId: 'clxyz456',
  pluginType: '@uax/file',
  filename: 'report.md',
  mimeType: 'text/markdown',
  size: 2048,
  storageKey: 'uploads/1b9d-report.md',
  pluginData: null,
  createdAt: '2026-04-01T14:30:00.000Z',
  textContent: '# Report',
}
const statusEvent = {
  id: 'clsev001',
  channelId: 'clxyz456',
  streamId: 'stream-abc',
  index: 0,
  text: 'Running tests',
  toolHint: true,
  createdAt: '2026-04-01T14:30:01.000Z',
}
/** The POST body of the seed's full example. */
const approvalBody = {
  channelId: 'clxyz456',
  text: '### Deploy v2.1.0 to production?',
  review: {
    type: 'approval',
    payload: {
      options: [
        { id: 'approve', label: 'Approve', style: 'primary' },
        { id: 'reject', label: 'Reject', style: 'danger' },
      ],
      allowComment: true,
    },
  },
}

describe('enums', () => {
  it('accept the values of spec 1.5 and 4.5 only', () => {
    expect(MessageColor.safeParse('warning').success).toBe(true)
    expect(MessageColor.safeParse('blue').success).toBe(false)
    expect(DeliveryStatus.safeParse('agent_received').success).toBe(true)
    expect(DeliveryStatus.safeParse('read').success).toBe(false)
    expect(StreamState.safeParse('aborted').success).toBe(true)
    expect(StreamState.safeParse('paused').success).toBe(false)
    expect(SenderType.safeParse('agent').success).toBe(true)
    expect(SenderType.safeParse('system').success).toBe(false)
  })
})

describe('Attachment', () => {
  it('accepts an orphan with inline text', () => {
    expect(Attachment.safeParse(attachment).success).toBe(true)
  })

  it('rejects a fractional size', () => {
    expect(pathOf(Attachment, { ...attachment, size: 1.5 })).toEqual(['size'])
  })
})

describe('MessageStatusEvent', () => {
  it('accepts the shape of spec 1.9', () => {
    expect(MessageStatusEvent.safeParse(statusEvent).success).toBe(true)
    expect(pathOf(MessageStatusEvent, { ...statusEvent, toolHint: undefined })).toEqual([
      'toolHint',
    ])
  })
})

describe('Message', () => {
  it("accepts the seed's message:created example with our columns", () => {
    expect(Message.safeParse(message).success).toBe(true)
  })

  it('accepts an agent message with review, files and extras', () => {
    const withExtras = {
      ...message,
      senderType: 'agent',
      senderId: 'clxyz456',
      review: { type: 'approval', status: 'pending', expiresAt: '2026-04-02T14:30:00.000Z' },
      attachments: [{ ...attachment, messageId: 'clxyz111' }],
      statusEvents: [statusEvent],
      agentName: 'Deploy bot',
    }
    expect(Message.safeParse(withExtras).success).toBe(true)
  })

  it('rejects an unknown sender type and missing attachments', () => {
    expect(pathOf(Message, { ...message, senderType: 'bot' })).toEqual(['senderType'])
    expect(pathOf(Message, { ...message, attachments: undefined })).toEqual(['attachments'])
  })
})

describe('TextAttachment', () => {
  it('fills in the defaults of spec 1.8', () => {
    expect(TextAttachment.parse({ content: '# Notes' })).toEqual({
      content: '# Notes',
      filename: 'content.md',
      mimeType: 'text/markdown',
    })
  })

  it('rejects an empty filename', () => {
    expect(pathOf(TextAttachment, { content: 'x', filename: '' })).toEqual(['filename'])
  })
})

describe('CreateMessageBody', () => {
  const channelId = 'clxyz456'

  it("accepts the seed's approval request", () => {
    expect(CreateMessageBody.safeParse(approvalBody).success).toBe(true)
  })

  it.each([
    ['text', { text: 'Build finished' }],
    ['review', { review: { type: 'approval' } }],
    ['status', { status: 'success' }],
    ['attachmentIds', { attachmentIds: ['clatt001'] }],
    ['textAttachments', { textAttachments: [{ content: '# Report' }] }],
  ])('accepts a message carrying only %s', (_, fields) => {
    expect(CreateMessageBody.safeParse({ channelId, ...fields }).success).toBe(true)
  })

  it.each([
    ['nothing', {}],
    ['empty attachmentIds', { attachmentIds: [] }],
    ['empty textAttachments', { textAttachments: [] }],
    ['only metadata', { metadata: { plugin: '@uax/chart' } }],
  ])('rejects a message carrying %s', (_, fields) => {
    expect(pathOf(CreateMessageBody, { channelId, ...fields })).toEqual(['text'])
  })

  it('accepts the first POST of a stream (spec 2.1)', () => {
    const body = {
      channelId,
      text: 'Thinking',
      streamId: 'stream-abc',
      streamState: 'streaming',
      streamStartedAt: '2026-04-01T14:30:00.000Z',
      clientId: 'turn-1',
    }
    expect(CreateMessageBody.safeParse(body).success).toBe(true)
  })

  it('checks the review by type', () => {
    const body = { ...approvalBody, review: { type: 'approval', payload: { options: [] } } }
    expect(pathOf(CreateMessageBody, body)).toEqual(['review', 'payload', 'options'])
  })

  it('rejects a non-http webhookUrl', () => {
    expect(
      pathOf(CreateMessageBody, { ...approvalBody, webhookUrl: 'javascript:alert(1)' }),
    ).toEqual(['webhookUrl'])
  })
})

describe('CreateUserMessageBody', () => {
  it('accepts text or attachmentIds (spec 3.5)', () => {
    expect(
      CreateUserMessageBody.safeParse({ channelId: 'clxyz456', text: 'Ship it' }).success,
    ).toBe(true)
    expect(
      CreateUserMessageBody.safeParse({ channelId: 'clxyz456', attachmentIds: ['clatt001'] })
        .success,
    ).toBe(true)
  })

  it('rejects empty text without files', () => {
    expect(pathOf(CreateUserMessageBody, { channelId: 'clxyz456', text: '' })).toEqual(['text'])
  })
})

describe('UpdateStreamBody', () => {
  it('accepts the full text with complete or aborted', () => {
    expect(
      UpdateStreamBody.safeParse({ channelId: 'clxyz456', text: 'Done.', complete: true }).success,
    ).toBe(true)
    expect(
      UpdateStreamBody.safeParse({ channelId: 'clxyz456', text: 'Do', streamState: 'aborted' })
        .success,
    ).toBe(true)
  })

  it('only takes aborted as streamState', () => {
    expect(
      pathOf(UpdateStreamBody, { channelId: 'clxyz456', text: 'Done.', streamState: 'complete' }),
    ).toEqual(['streamState'])
  })
})

describe('CreateStatusEventBody', () => {
  it('needs a non-empty text (spec 2.1)', () => {
    expect(
      CreateStatusEventBody.safeParse({
        channelId: 'clxyz456',
        text: 'Running tests',
        toolHint: true,
      }).success,
    ).toBe(true)
    expect(pathOf(CreateStatusEventBody, { channelId: 'clxyz456', text: '' })).toEqual(['text'])
  })
})

describe('ChannelQuery', () => {
  it('takes an optional channel', () => {
    expect(ChannelQuery.safeParse({}).success).toBe(true)
    expect(pathOf(ChannelQuery, { channel: '' })).toEqual(['channel'])
  })
})

describe('ListMessagesQuery', () => {
  it('coerces the query string', () => {
    const query = { channel: 'clxyz456', limit: '25', search: 'deploy', has_attachments: 'true' }
    expect(ListMessagesQuery.parse(query)).toEqual({ ...query, limit: 25, has_attachments: true })
    expect(ListMessagesQuery.parse({})).toEqual({ limit: 50, has_attachments: false })
  })

  it('rejects an overlong search', () => {
    expect(pathOf(ListMessagesQuery, { search: 'x'.repeat(501) })).toEqual(['search'])
  })
})

describe('MessagePage', () => {
  it('accepts {data, nextCursor}', () => {
    expect(MessagePage.safeParse({ data: [message], nextCursor: 'clxyz111' }).success).toBe(true)
    expect(pathOf(MessagePage, { data: [{ ...message, id: '' }], nextCursor: null })).toEqual([
      'data',
      0,
      'id',
    ])
  })
})

describe('IterationChain', () => {
  it('accepts {groupId, iterations} (spec 1.7)', () => {
    const root = { ...message, iterationGroupId: 'clxyz111', iteration: 1 }
    expect(IterationChain.safeParse({ groupId: 'clxyz111', iterations: [root] }).success).toBe(true)
    expect(pathOf(IterationChain, { iterations: [root] })).toEqual(['groupId'])
  })
})

describe('AckResponse and RetryResponse', () => {
  it('accept their literal answers', () => {
    expect(AckResponse.safeParse({ acknowledged: true }).success).toBe(true)
    expect(pathOf(AckResponse, { acknowledged: false })).toEqual(['acknowledged'])
    expect(RetryResponse.safeParse({ retried: true }).success).toBe(true)
    expect(pathOf(RetryResponse, {})).toEqual(['retried'])
  })
})

describe('WaitResult', () => {
  it('accepts the outcomes of spec 2.2', () => {
    expect(WaitResult.safeParse({ status: 'completed', message }).success).toBe(true)
    expect(WaitResult.safeParse({ status: 'expired', message }).success).toBe(true)
    expect(WaitResult.safeParse({ status: 'timeout' }).success).toBe(true)
  })

  it('requires the message unless it timed out', () => {
    expect(pathOf(WaitResult, { status: 'completed' })).toEqual(['message'])
  })

  it('rejects the old pending outcome', () => {
    expect(pathOf(WaitResult, { status: 'pending' })).toEqual(['status'])
  })
})

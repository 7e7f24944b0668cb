import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  AgentCommandsPayload,
  AgentStatusPayload,
  CLIENT_EVENT_SCHEMAS,
  EventsPage,
  EventsQuery,
  LoggedEvent,
  MessageDeletedPayload,
  MessageDeliveryPayload,
  MessageDeltaPayload,
  MessageEventPayload,
  MessageProgressPayload,
  MessageStatusPayload,
  OAuthCodePayload,
  OAuthErrorPayload,
  OAuthStartPayload,
  ReviewCancelledPayload,
  ReviewExpiredPayload,
  ReviewRespondedPayload,
  SOCKET_NAMESPACE,
  SocketAck,
  SubscribeChannelPayload,
} from './events.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

/** Columns our server always sends, which the seed's examples leave out (spec 1.5). */
const serverColumns = {
  deliveryStatus: 'sent',
  iterationGroupId: null,
  iteration: null,
  clientId: null,
  streamId: null,
  streamState: null,
  updatedAt: null,
}
/** The seed's `message:created` example. */
const created = {
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
}
/** The seed's `review:responded` example. */
const responded = {
  id: 'clxyz111',
  channelId: 'clxyz456',
  senderType: 'agent',
  senderId: 'clxyz456',
  text: 'Deploy to production?',
  status: null,
  review: {
    type: 'approval',
    status: 'completed',
    payload: {
      options: [
        { id: 'approve', label: 'Approve', style: 'primary' },
        { id: 'reject', label: 'Reject', style: 'danger' },
      ],
    },
    response: { selectedOption: 'approve', comment: 'Go ahead' },
    completed_at: '2026-04-01T14:32:00.000Z',
  },
  metadata: null,
  createdAt: '2026-04-01T14:30:00.000Z',
  attachments: [],
}
/** The seed's `message:delta` example. */
const delta = {
  channelId: 'clxyz456',
  delta: ' more tokens',
  streamBaseId: 'stream-abc',
  streamId: 'stream-abc:2',
  streamStartedAt: '2026-04-01T14:30:00.000Z',
}
const statusStep = {
  id: 'clsev001',
  channelId: 'clxyz456',
  streamId: 'stream-abc',
  index: 0,
  text: 'Running tests',
  toolHint: true,
  createdAt: '2026-04-01T14:30:01.000Z',
  seq: 12,
}
/** The seed's `agent:status` example. */
const agentStatus = {
  agentId: 'clxyz456',
  status: 'active',
  statusMessage: 'Processing batch job',
  statusSince: '2026-04-01T14:00:00.000Z',
}

describe('SOCKET_NAMESPACE', () => {
  it('is /ws (spec 5.1)', () => {
    expect(SOCKET_NAMESPACE).toBe('/ws')
  })
})

describe('MessageEventPayload', () => {
  it("accepts the seed's message:created with our columns and seq", () => {
    const payload = { ...created, ...serverColumns, agentName: 'Deploy bot', seq: 10 }
    expect(MessageEventPayload.safeParse(payload).success).toBe(true)
  })

  it('needs the event-log sequence', () => {
    expect(pathOf(MessageEventPayload, { ...created, ...serverColumns })).toEqual(['seq'])
  })
})

describe('MessageDeletedPayload', () => {
  it('accepts {messageId, channelId, seq}', () => {
    expect(
      MessageDeletedPayload.safeParse({ messageId: 'clxyz111', channelId: 'clxyz456', seq: 11 })
        .success,
    ).toBe(true)
    expect(pathOf(MessageDeletedPayload, { messageId: 'clxyz111', seq: 11 })).toEqual(['channelId'])
  })
})

describe('MessageStatusPayload', () => {
  it('accepts a status step with seq', () => {
    expect(MessageStatusPayload.safeParse(statusStep).success).toBe(true)
    expect(pathOf(MessageStatusPayload, { ...statusStep, index: -0.5 })).toEqual(['index'])
  })
})

describe('MessageDeliveryPayload', () => {
  it("accepts the seed's example with seq", () => {
    const payload = { messageId: 'clxyz111', deliveryStatus: 'agent_received', seq: 13 }
    expect(MessageDeliveryPayload.safeParse(payload).success).toBe(true)
    expect(pathOf(MessageDeliveryPayload, { ...payload, deliveryStatus: 'read' })).toEqual([
      'deliveryStatus',
    ])
  })
})

describe('ReviewRespondedPayload', () => {
  const payload = {
    ...responded,
    ...serverColumns,
    review: {
      ...responded.review,
      expiresAt: '2026-04-02T14:30:00.000Z',
      completedAt: '2026-04-01T14:32:00.000Z',
    },
    seq: 14,
  }

  it("accepts the seed's example with our columns, expiresAt and seq", () => {
    const parsed = ReviewRespondedPayload.parse(payload)
    expect(parsed.review?.response).toEqual({ selectedOption: 'approve', comment: 'Go ahead' })
    expect(parsed.review?.completed_at).toBe('2026-04-01T14:32:00.000Z')
  })

  it('rejects a review status that does not exist', () => {
    expect(
      pathOf(ReviewRespondedPayload, { ...payload, review: { ...payload.review, status: 'done' } }),
    ).toEqual(['review', 'status'])
  })
})

describe('ReviewExpiredPayload', () => {
  it("accepts the seed's {messageId} with seq, channelId optional", () => {
    expect(ReviewExpiredPayload.safeParse({ messageId: 'clxyz111', seq: 15 }).success).toBe(true)
    expect(
      ReviewExpiredPayload.safeParse({ messageId: 'clxyz111', channelId: 'clxyz456', seq: 15 })
        .success,
    ).toBe(true)
  })

  it('needs the messageId', () => {
    expect(pathOf(ReviewExpiredPayload, { seq: 15 })).toEqual(['messageId'])
  })
})

describe('ReviewCancelledPayload', () => {
  it('accepts {messageId, channelId, seq}', () => {
    expect(
      ReviewCancelledPayload.safeParse({ messageId: 'clxyz111', channelId: 'clxyz456', seq: 16 })
        .success,
    ).toBe(true)
    expect(
      pathOf(ReviewCancelledPayload, { messageId: 'clxyz111', channelId: 'clxyz456', seq: '16' }),
    ).toEqual(['seq'])
  })
})

describe('AgentStatusPayload', () => {
  it("accepts the seed's example with seq", () => {
    expect(AgentStatusPayload.safeParse({ ...agentStatus, seq: 17 }).success).toBe(true)
    expect(
      pathOf(AgentStatusPayload, { ...agentStatus, statusMessage: undefined, seq: 17 }),
    ).toEqual(['statusMessage'])
  })
})

describe('MessageDeltaPayload', () => {
  it("accepts the seed's example as sent", () => {
    expect(MessageDeltaPayload.safeParse(delta).success).toBe(true)
    expect(
      MessageDeltaPayload.safeParse({ channelId: 'clxyz456', delta: '', streamEnd: true }).success,
    ).toBe(true)
  })

  it('needs the delta', () => {
    expect(pathOf(MessageDeltaPayload, { ...delta, delta: undefined })).toEqual(['delta'])
  })
})

describe('MessageProgressPayload', () => {
  it('accepts the payload of spec 5.2', () => {
    const payload = {
      channelId: 'clxyz456',
      content: 'Reading files',
      toolHint: true,
      streamId: 'stream-abc',
    }
    expect(MessageProgressPayload.safeParse(payload).success).toBe(true)
    expect(pathOf(MessageProgressPayload, { channelId: 'clxyz456' })).toEqual(['content'])
  })
})

describe('AgentCommandsPayload', () => {
  it('accepts the payload of spec 5.2', () => {
    const payload = {
      channelId: 'clxyz456',
      commands: [{ command: '/deploy', description: 'Deploy' }],
    }
    expect(AgentCommandsPayload.safeParse(payload).success).toBe(true)
    expect(pathOf(AgentCommandsPayload, { ...payload, commands: [{ command: '' }] })).toEqual([
      'commands',
      0,
      'command',
    ])
  })
})

describe('SubscribeChannelPayload', () => {
  it("accepts the seed's plain id and our {channelId, since}", () => {
    expect(SubscribeChannelPayload.safeParse('your-agent-id').success).toBe(true)
    expect(SubscribeChannelPayload.safeParse({ channelId: 'clxyz456', since: 42 }).success).toBe(
      true,
    )
  })

  it('rejects a negative since and a number', () => {
    expect(pathOf(SubscribeChannelPayload, { channelId: 'clxyz456', since: -1 })).toEqual(['since'])
    expect(SubscribeChannelPayload.safeParse(42).success).toBe(false)
  })
})

describe('OAuthStartPayload', () => {
  const start = { channelId: 'clxyz456', state: 'st_1', provider: 'github' }

  it('accepts an authUrl, a device code, and the forwarded nulls (spec 5.2)', () => {
    expect(
      OAuthStartPayload.safeParse({
        ...start,
        authUrl: 'https://github.com/login/oauth/authorize?x=1',
      }).success,
    ).toBe(true)
    const deviceCode = {
      verificationUri: 'https://github.com/login/device',
      userCode: 'ABCD-1234',
      expiresIn: 900,
    }
    expect(OAuthStartPayload.safeParse({ ...start, deviceCode }).success).toBe(true)
    expect(OAuthStartPayload.safeParse({ ...start, authUrl: null, deviceCode: null }).success).toBe(
      true,
    )
  })

  it('rejects a bad authUrl and an empty state', () => {
    expect(pathOf(OAuthStartPayload, { ...start, authUrl: 'not a url' })).toEqual(['authUrl'])
    expect(pathOf(OAuthStartPayload, { ...start, state: '' })).toEqual(['state'])
  })
})

describe('OAuthCodePayload and OAuthErrorPayload', () => {
  it('accept the payloads of spec 2.7', () => {
    expect(
      OAuthCodePayload.safeParse({ state: 'st_1', code: 'c0de', provider: 'github' }).success,
    ).toBe(true)
    const error = {
      state: 'st_1',
      error: 'access_denied',
      errorDescription: null,
      provider: 'github',
    }
    expect(OAuthErrorPayload.safeParse(error).success).toBe(true)
  })

  it('need every field', () => {
    expect(pathOf(OAuthCodePayload, { state: 'st_1', provider: 'github' })).toEqual(['code'])
    expect(
      pathOf(OAuthErrorPayload, { state: 'st_1', error: 'access_denied', provider: 'github' }),
    ).toEqual(['errorDescription'])
  })
})

describe('SocketAck', () => {
  it('accepts success, with a replay count, and refusal', () => {
    for (const ack of [
      { ok: true },
      { ok: true, replayed: 3 },
      { ok: false, error: 'Not your agent' },
    ]) {
      expect(SocketAck.safeParse(ack).success).toBe(true)
    }
  })

  it('rejects a refusal without its reason', () => {
    expect(SocketAck.safeParse({ ok: false }).success).toBe(false)
  })
})

describe('CLIENT_EVENT_SCHEMAS', () => {
  it('covers the payload events of spec 5.2', () => {
    expect(Object.keys(CLIENT_EVENT_SCHEMAS).sort()).toEqual([
      'agent:commands',
      'channel:read',
      'message:delta',
      'message:progress',
      'oauth:start',
      'subscribe:channel',
      'unsubscribe:channel',
    ])
  })

  it('parses plain channel ids for the room events', () => {
    expect(CLIENT_EVENT_SCHEMAS['unsubscribe:channel'].safeParse('clxyz456').success).toBe(true)
    expect(CLIENT_EVENT_SCHEMAS['channel:read'].safeParse({ channelId: 'clxyz456' }).success).toBe(
      false,
    )
  })
})

describe('LoggedEvent', () => {
  const meta = { seq: 15, channelId: 'clxyz456', createdAt: '2026-04-02T14:30:00.000Z' }

  it('accepts an entry with the emitted payload', () => {
    const entry = {
      type: 'review:expired',
      payload: { messageId: 'clxyz111', channelId: 'clxyz456', seq: 15 },
      ...meta,
    }
    expect(LoggedEvent.parse(entry)).toEqual(entry)
    expect(
      LoggedEvent.safeParse({ type: 'message:status', payload: statusStep, ...meta }).success,
    ).toBe(true)
  })

  it('checks the payload against its type', () => {
    expect(pathOf(LoggedEvent, { type: 'review:expired', payload: { seq: 15 }, ...meta })).toEqual([
      'payload',
      'messageId',
    ])
  })

  it('rejects events that are not logged', () => {
    expect(pathOf(LoggedEvent, { type: 'message:delta', payload: delta, ...meta })).toEqual([
      'type',
    ])
  })

  it('needs the log fields', () => {
    const entry = {
      type: 'review:expired',
      payload: { messageId: 'clxyz111', seq: 15 },
      ...meta,
      createdAt: undefined,
    }
    expect(pathOf(LoggedEvent, entry)).toEqual(['createdAt'])
  })
})

describe('EventsQuery', () => {
  it('coerces and defaults the query', () => {
    expect(EventsQuery.parse({ after: '42', channel: 'clxyz456', limit: '100' })).toEqual({
      after: 42,
      channel: 'clxyz456',
      limit: 100,
    })
    expect(EventsQuery.parse({ after: '-1', limit: '5000' })).toEqual({ after: 0, limit: 500 })
  })

  it('rejects an empty channel', () => {
    expect(pathOf(EventsQuery, { channel: '' })).toEqual(['channel'])
  })
})

describe('EventsPage', () => {
  it('accepts {data, lastSeq, hasMore}', () => {
    const data = [
      {
        type: 'agent:status',
        payload: { ...agentStatus, seq: 17 },
        seq: 17,
        channelId: 'clxyz456',
        createdAt: '2026-04-01T14:00:00.000Z',
      },
    ]
    expect(EventsPage.safeParse({ data, lastSeq: 17, hasMore: false }).success).toBe(true)
    expect(pathOf(EventsPage, { data, lastSeq: 17 })).toEqual(['hasMore'])
  })
})

import { z } from 'zod'
import { AgentCommand, AgentStatus } from './agents.js'
import { Id, IsoDate } from './common.js'
import { DeliveryStatus, Message, MessageStatusEvent } from './messages.js'

/*
 * The Socket.IO surface on namespace `/ws` (seed-websocket.md, spec section 5). Payloads keep
 * the seed's shapes; logged events add their event-log sequence `seq` as an extra field, which
 * old clients ignore and new ones use to resume (`since`, `GET /api/v1/events?after=`).
 */

/** The Socket.IO namespace of the whole surface. */
export const SOCKET_NAMESPACE = '/ws'

const Sequenced = { seq: z.number().int() }

// ---------------------------------------------------------------------------------------------
// Server -> client payloads

/** `message:created` / `message:updated`: the full message (+`agentName` for agent messages). */
export const MessageEventPayload = Message.extend(Sequenced)
export type MessageEventPayload = z.infer<typeof MessageEventPayload>

/** `message:deleted` (ours; Placet emits nothing on delete). */
export const MessageDeletedPayload = z.object({ messageId: Id, channelId: Id, ...Sequenced })
export type MessageDeletedPayload = z.infer<typeof MessageDeletedPayload>

/** `message:status`: a persistent progress step. */
export const MessageStatusPayload = MessageStatusEvent.extend(Sequenced)
export type MessageStatusPayload = z.infer<typeof MessageStatusPayload>

/** `message:delivery`. */
export const MessageDeliveryPayload = z.object({
  messageId: Id,
  deliveryStatus: DeliveryStatus,
  channelId: Id.optional(),
  ...Sequenced,
})
export type MessageDeliveryPayload = z.infer<typeof MessageDeliveryPayload>

/** `review:responded`: the full message after the answer, `review.response` per type. */
export const ReviewRespondedPayload = Message.extend(Sequenced)
export type ReviewRespondedPayload = z.infer<typeof ReviewRespondedPayload>

/** `review:expired`: `{messageId}` as in the seed (+ `channelId`, `seq`). */
export const ReviewExpiredPayload = z.object({
  messageId: Id,
  channelId: Id.optional(),
  ...Sequenced,
})
export type ReviewExpiredPayload = z.infer<typeof ReviewExpiredPayload>

/** `review:cancelled` (ours). */
export const ReviewCancelledPayload = z.object({ messageId: Id, channelId: Id, ...Sequenced })
export type ReviewCancelledPayload = z.infer<typeof ReviewCancelledPayload>

/** `agent:status`: sent to the owner's user room. */
export const AgentStatusPayload = z.object({
  agentId: Id,
  status: AgentStatus,
  statusMessage: z.string().nullable(),
  statusSince: IsoDate.nullable(),
  ...Sequenced,
})
export type AgentStatusPayload = z.infer<typeof AgentStatusPayload>

// ---------------------------------------------------------------------------------------------
// Client -> server payloads (also relayed as-is to the channel room)

/** `message:delta`: a streamed chunk; `streamBaseId` equals the draft row's `streamId`. */
export const MessageDeltaPayload = z.object({
  channelId: Id,
  delta: z.string().max(100_000),
  streamId: z.string().max(256).optional(),
  streamBaseId: z.string().max(256).optional(),
  streamStartedAt: IsoDate.optional(),
  streamEnd: z.boolean().optional(),
})
export type MessageDeltaPayload = z.infer<typeof MessageDeltaPayload>

/** `message:progress`: a short-lived "thinking / tool" line. */
export const MessageProgressPayload = z.object({
  channelId: Id,
  content: z.string().max(10_000),
  toolHint: z.boolean().optional(),
  streamId: z.string().max(256).optional(),
})
export type MessageProgressPayload = z.infer<typeof MessageProgressPayload>

/** `agent:commands`: live update of the slash-command palette. */
export const AgentCommandsPayload = z.object({
  channelId: Id,
  commands: z.array(AgentCommand).max(100),
})
export type AgentCommandsPayload = z.infer<typeof AgentCommandsPayload>

/**
 * `subscribe:channel`: the seed's plain channel id, or `{channelId, since}` to also replay the
 * logged events after sequence `since` before live ones.
 */
export const SubscribeChannelPayload = z.union([
  Id,
  z.object({ channelId: Id, since: z.number().int().min(0).optional() }),
])
export type SubscribeChannelPayload = z.infer<typeof SubscribeChannelPayload>

/** `oauth:start` (spec 5.2). */
export const OAuthStartPayload = z.object({
  channelId: Id,
  state: z.string().min(1).max(512),
  provider: z.string().min(1).max(128),
  authUrl: z.url().nullable().optional(),
  deviceCode: z
    .object({ verificationUri: z.string(), userCode: z.string(), expiresIn: z.number().optional() })
    .nullable()
    .optional(),
})
export type OAuthStartPayload = z.infer<typeof OAuthStartPayload>

export const OAuthCodePayload = z.object({
  state: z.string(),
  code: z.string(),
  provider: z.string(),
})
export type OAuthCodePayload = z.infer<typeof OAuthCodePayload>

export const OAuthErrorPayload = z.object({
  state: z.string(),
  error: z.string(),
  errorDescription: z.string().nullable(),
  provider: z.string(),
})
export type OAuthErrorPayload = z.infer<typeof OAuthErrorPayload>

/**
 * The answer of an acknowledged client event: success, or the reason it was refused. A
 * subscription also says how many events it replayed and the log position (`seq`) live
 * delivery continues from, which is what a client resumes with next time.
 */
export const SocketAck = z.union([
  z.object({
    ok: z.literal(true),
    replayed: z.number().int().optional(),
    seq: z.number().int().optional(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type SocketAck = z.infer<typeof SocketAck>

/**
 * Inbound events and their payload schemas: the socket handlers parse with these, and
 * {@link ClientToServerEvents} is derived from them so the two cannot drift apart.
 */
export const CLIENT_EVENT_SCHEMAS = {
  'subscribe:channel': SubscribeChannelPayload,
  'unsubscribe:channel': Id,
  'channel:read': Id,
  'message:delta': MessageDeltaPayload,
  'message:progress': MessageProgressPayload,
  'agent:commands': AgentCommandsPayload,
  'oauth:start': OAuthStartPayload,
} as const

type ClientEventSchemas = typeof CLIENT_EVENT_SCHEMAS

/**
 * Events a client (agent or dashboard) emits. Every payload event takes an optional ack last,
 * which receives a {@link SocketAck}; the seed's clients emit without one.
 *
 * @example
 * const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}/ws`, { auth: { apiKey } })
 * socket.emit('subscribe:channel', { channelId, since: 42 }, (ack) => console.log(ack.ok))
 */
export type ClientToServerEvents = {
  [Event in keyof ClientEventSchemas]: (
    payload: z.input<ClientEventSchemas[Event]>,
    ack?: (result: SocketAck) => void,
  ) => void
} & {
  ping: () => void
}

/**
 * Events the server emits on `/ws`, with the seed's payloads.
 *
 * @example
 * socket.on('review:responded', (message) => console.log(message.review?.response))
 */
export interface ServerToClientEvents {
  'message:created': (message: MessageEventPayload) => void
  'message:updated': (message: MessageEventPayload) => void
  'message:deleted': (payload: MessageDeletedPayload) => void
  'message:delta': (payload: MessageDeltaPayload) => void
  'message:progress': (payload: MessageProgressPayload) => void
  'message:status': (payload: MessageStatusPayload) => void
  'message:delivery': (payload: MessageDeliveryPayload) => void
  'review:responded': (message: ReviewRespondedPayload) => void
  'review:expired': (payload: ReviewExpiredPayload) => void
  'review:cancelled': (payload: ReviewCancelledPayload) => void
  'agent:status': (payload: AgentStatusPayload) => void
  'agent:commands': (payload: AgentCommandsPayload) => void
  'oauth:start': (payload: OAuthStartPayload) => void
  'oauth:code': (payload: OAuthCodePayload) => void
  'oauth:error': (payload: OAuthErrorPayload) => void
  pong: () => void
}

// ---------------------------------------------------------------------------------------------
// The event log

/**
 * One entry of the event log, as replayed by `GET /api/v1/events` and `since`: `type` is the
 * Socket.IO event name and `payload` exactly what was emitted.
 */
export const LoggedEvent = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('message:created'), payload: MessageEventPayload }),
    z.object({ type: z.literal('message:updated'), payload: MessageEventPayload }),
    z.object({ type: z.literal('message:deleted'), payload: MessageDeletedPayload }),
    z.object({ type: z.literal('message:status'), payload: MessageStatusPayload }),
    z.object({ type: z.literal('message:delivery'), payload: MessageDeliveryPayload }),
    z.object({ type: z.literal('review:responded'), payload: ReviewRespondedPayload }),
    z.object({ type: z.literal('review:expired'), payload: ReviewExpiredPayload }),
    z.object({ type: z.literal('review:cancelled'), payload: ReviewCancelledPayload }),
    z.object({ type: z.literal('agent:status'), payload: AgentStatusPayload }),
  ])
  .and(z.object({ seq: z.number().int(), channelId: Id, createdAt: IsoDate }))
export type LoggedEvent = z.infer<typeof LoggedEvent>
export type LoggedEventType = LoggedEvent['type']

/**
 * The payload the server emits with `event`, read from {@link ServerToClientEvents}: the one
 * place an event's shape is declared (the schemas of {@link LoggedEvent} are checked against it
 * in `events.test-d.ts`).
 *
 * @example
 * const expired: ServerEventPayload<'review:expired'> = { messageId, channelId, seq: 15 }
 */
export type ServerEventPayload<Event extends keyof ServerToClientEvents> = Parameters<
  ServerToClientEvents[Event]
>[0]

/**
 * The arguments of one `emit` of a logged event: each name paired with its own payload, so a
 * wrong payload for a name does not compile.
 *
 * @example
 * const args: LoggedEventArgs = ['review:expired', { messageId, seq: 15 }]
 */
export type LoggedEventArgs<Type extends LoggedEventType = LoggedEventType> = {
  [Name in Type]: [type: Name, payload: ServerEventPayload<Name>]
}[Type]

/**
 * Anything that emits logged events: a socket, a namespace or a room broadcast typed with
 * {@link ServerToClientEvents} is one. Socket.IO's own `emit` is generic over the event name,
 * which a union of events cannot satisfy without a cast; this view of it takes the pairs.
 *
 * @example
 * const room: LoggedEventEmitter = namespace.to(`channel:${channelId}`)
 * room.emit(...toEmitArgs(event))
 */
export type LoggedEventEmitter = { emit(...args: LoggedEventArgs): unknown }

/**
 * `[type, payload]` of a logged event, for {@link LoggedEventEmitter.emit}.
 *
 * @example
 * room.emit(...toEmitArgs(event))
 */
export function toEmitArgs<Type extends LoggedEventType>(
  event: { [Name in Type]: { type: Name; payload: ServerEventPayload<Name> } }[Type],
): LoggedEventArgs<Type> {
  return [event.type, event.payload]
}

/** `GET /api/v1/events?after=&channel=&limit=`. */
export const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).catch(0).default(0),
  channel: Id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).catch(500).default(500),
})
export type EventsQuery = z.infer<typeof EventsQuery>

/** Answer of `GET /api/v1/events`: events in sequence order; pass `lastSeq` as the next `after`. */
export const EventsPage = z.object({
  data: z.array(LoggedEvent),
  lastSeq: z.number().int(),
  hasMore: z.boolean(),
})
export type EventsPage = z.infer<typeof EventsPage>

/** Events between server processes (Socket.IO `serverSideEmit`, through the Redis adapter). */
/** A credential that stopped being valid: every server drops what it remembers of it. */
export type CredentialRevocation = { kind: 'api-key' | 'user'; id: string }

export interface InterServerEvents {
  /** A committed event, with the user it belongs to, for the other processes' own listeners. */
  'event:appended': (event: LoggedEvent & { userId: string }) => void
  /** Acknowledged once the receiving server's caches no longer hold the credential. */
  'credentials:revoked': (revocation: CredentialRevocation, ack: () => void) => void
}

/** What the server knows about each socket after the handshake. */
export interface SocketData {
  userId: string
  authMethod: 'apiKey' | 'jwt'
}

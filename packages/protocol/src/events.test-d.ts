import { describe, expectTypeOf, it } from 'vitest'
import type {
  AgentStatusPayload,
  ClientToServerEvents,
  InterServerEvents,
  LoggedEvent,
  LoggedEventArgs,
  LoggedEventEmitter,
  LoggedEventType,
  MessageDeltaPayload,
  ReviewExpiredPayload,
  ReviewRespondedPayload,
  ServerEventPayload,
  ServerToClientEvents,
  SocketAck,
  SocketData,
} from './events.js'
import { toEmitArgs } from './events.js'

/** socket.io's `Parameters`, distributive over a union of listeners as socket.io's is. */
type ParamsOf<Listener> = Listener extends (...args: infer Params) => void ? Params : never
/** socket.io's `EventParams`: the arguments of `emit(event, ...)` and of a listener of `event`. */
type EventParams<Events, Event extends keyof Events> = ParamsOf<Events[Event]>

/** The typed ends of a socket, as `Socket<ServerToClientEvents, ClientToServerEvents>` sees them. */
interface TypedEnd<ListenEvents, EmitEvents> {
  on<Event extends keyof ListenEvents>(event: Event, listener: ListenEvents[Event]): void
  emit<Event extends keyof EmitEvents>(event: Event, ...args: EventParams<EmitEvents, Event>): void
}

declare const client: TypedEnd<ServerToClientEvents, ClientToServerEvents>
declare const server: TypedEnd<ClientToServerEvents, ServerToClientEvents>

describe('ServerToClientEvents', () => {
  it('gives review:expired listeners {messageId, seq}', () => {
    client.on('review:expired', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<ReviewExpiredPayload>()
      expectTypeOf(payload).toEqualTypeOf<{
        messageId: string
        channelId?: string | undefined
        seq: number
      }>()
      // @ts-expect-error an expiry carries no review
      void payload.review
    })
  })

  it('gives review:responded listeners the full message', () => {
    client.on('review:responded', (message) => {
      expectTypeOf(message).toEqualTypeOf<ReviewRespondedPayload>()
      expectTypeOf(message.review).toExtend<{ response?: Record<string, unknown> | null } | null>()
    })
  })

  it('rejects listeners expecting the wrong payload', () => {
    // @ts-expect-error agent:status is an object, not a status string
    client.on('agent:status', (status: string) => void status)
    // @ts-expect-error pong has no payload
    client.on('pong', (payload: { at: number }) => void payload)
    // @ts-expect-error not an event of the map
    client.on('review:answered', () => {})
  })

  it('types what the server emits', () => {
    server.emit('review:expired', { messageId: 'clxyz111', seq: 15 })
    server.emit('pong')
    // @ts-expect-error logged events carry their seq
    server.emit('review:expired', { messageId: 'clxyz111' })
    // @ts-expect-error the payload is an object
    server.emit('agent:status', 'active')
    expectTypeOf<EventParams<ServerToClientEvents, 'agent:status'>>().toEqualTypeOf<
      [AgentStatusPayload]
    >()
  })
})

describe('ClientToServerEvents', () => {
  it("takes the seed's plain channel id or {channelId, since} on subscribe:channel", () => {
    client.emit('subscribe:channel', 'clxyz456')
    client.emit('subscribe:channel', { channelId: 'clxyz456', since: 42 })
    // @ts-expect-error a channel id is a string
    client.emit('subscribe:channel', 42)
    // @ts-expect-error since is a sequence number
    client.emit('subscribe:channel', { channelId: 'clxyz456', since: '42' })
  })

  it('passes a SocketAck to the ack callback, which goes last', () => {
    client.emit('subscribe:channel', 'clxyz456', (ack) => {
      expectTypeOf(ack).toEqualTypeOf<SocketAck>()
      if (!ack.ok) expectTypeOf(ack.error).toBeString()
    })
    expectTypeOf<EventParams<ClientToServerEvents, 'channel:read'>>().toEqualTypeOf<
      [payload: string, ack?: (result: SocketAck) => void]
    >()
  })

  it('types the relayed payloads from their schemas', () => {
    client.emit('message:delta', {
      channelId: 'clxyz456',
      delta: ' more tokens',
      streamBaseId: 'stream-abc',
    })
    // @ts-expect-error the delta is required
    client.emit('message:delta', { channelId: 'clxyz456' })
    // @ts-expect-error commands are objects
    client.emit('agent:commands', { channelId: 'clxyz456', commands: ['/deploy'] })
    server.on('message:delta', (payload) =>
      expectTypeOf(payload).toEqualTypeOf<MessageDeltaPayload>(),
    )
  })

  it('takes no arguments on ping', () => {
    client.emit('ping')
    expectTypeOf<ClientToServerEvents['ping']>().parameters.toEqualTypeOf<[]>()
    // @ts-expect-error ping has no payload
    client.emit('ping', 'hello')
  })

  it('lists the inbound events', () => {
    expectTypeOf<keyof ClientToServerEvents>().toEqualTypeOf<
      | 'subscribe:channel'
      | 'unsubscribe:channel'
      | 'channel:read'
      | 'message:delta'
      | 'message:progress'
      | 'agent:commands'
      | 'oauth:start'
      | 'ping'
    >()
    // @ts-expect-error clients cannot emit server events
    client.emit('review:responded', {})
  })
})

describe('InterServerEvents, SocketData and LoggedEvent', () => {
  it('relays logged events between processes', () => {
    expectTypeOf<EventParams<InterServerEvents, 'event:appended'>>().toEqualTypeOf<
      [event: LoggedEvent & { userId: string }]
    >()
  })

  it('records who the socket is', () => {
    expectTypeOf<SocketData['authMethod']>().toEqualTypeOf<'apiKey' | 'jwt'>()
  })

  it('narrows the payload by type', () => {
    const narrow = (event: LoggedEvent) => {
      if (event.type === 'review:expired')
        expectTypeOf(event.payload).toEqualTypeOf<ReviewExpiredPayload>()
      expectTypeOf(event.seq).toBeNumber()
    }
    expectTypeOf(narrow).toBeFunction()
  })
})

describe('one source for logged payloads', () => {
  it('logs for each event name exactly what ServerToClientEvents emits with it', () => {
    type Logged = { [Type in LoggedEventType]: Extract<LoggedEvent, { type: Type }>['payload'] }
    type Emitted = { [Type in LoggedEventType]: ServerEventPayload<Type> }
    expectTypeOf<Logged>().toEqualTypeOf<Emitted>()
  })

  it('pairs each event name with its own payload', () => {
    const expired: LoggedEventArgs = ['review:expired', { messageId: 'clxyz111', seq: 15 }]
    // @ts-expect-error review:expired carries {messageId, seq}, not an agent status
    const mixed: LoggedEventArgs = ['review:expired', { agentId: 'clxyz111', status: 'active' }]
    // @ts-expect-error a message event carries the full message, not a deletion
    const wrong: LoggedEventArgs<'message:created'> = ['message:created', expired[1]]
    expectTypeOf([mixed, wrong]).toBeArray()
  })

  it('turns any logged event into arguments a typed emit accepts', () => {
    const room: LoggedEventEmitter = server
    const relay = (event: LoggedEvent) => room.emit(...toEmitArgs(event))
    expectTypeOf(relay).toBeFunction()
    // @ts-expect-error a name with another event's payload
    room.emit('review:cancelled', { agentId: 'clxyz111', status: 'active', seq: 1 })
    // @ts-expect-error the payload of a name is checked when the event is built
    toEmitArgs({ type: 'agent:status', payload: { messageId: 'clxyz111', seq: 1 } })
  })
})

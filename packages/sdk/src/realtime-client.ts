import {
  SOCKET_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketAck,
} from '@placet/protocol'
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'

/** The SDK's one typed socket (style rule 5): listen to server events, emit client events. */
export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>

type ServerEvent = keyof ServerToClientEvents
type Listener<Event extends ServerEvent> = (
  ...args: Parameters<ServerToClientEvents[Event]>
) => void
/**
 * `[event, listener]` with each name's own listener. Socket.IO's `on` is generic over the name,
 * which a name not known until run time cannot satisfy without a cast; the socket also takes
 * these pairs, checked the same.
 */
type ListenerArgs<Event extends ServerEvent = ServerEvent> = {
  [Name in Event]: [event: Name, listener: Listener<Name>]
}[Event]

export type PlacetRealtimeOptions = {
  baseUrl: string
  apiKey: string
  socketOptions?: Partial<ManagerOptions & SocketOptions>
}

const SEEN_LIMIT = 10_000

/**
 * A resumable Socket.IO connection for agents. It remembers the last event sequence of every
 * subscribed channel and, after every reconnect, subscribes again with `since`, so no answer is
 * lost across a disconnect or a server restart.
 * Replays may repeat an event; listeners see each `seq` once.
 *
 * @example
 * const realtime = new PlacetRealtime({ baseUrl, apiKey })
 * realtime.on('review:responded', (message) => console.log(message.review?.response))
 * await realtime.subscribe(channelId)
 */
export class PlacetRealtime {
  readonly socket: AgentSocket
  private readonly lastSeq = new Map<string, number>()
  private readonly seen = new Set<number>()

  constructor(options: PlacetRealtimeOptions) {
    this.socket = io(`${options.baseUrl.replace(/\/$/, '')}${SOCKET_NAMESPACE}`, {
      auth: { apiKey: options.apiKey },
      transports: ['websocket'],
      ...options.socketOptions,
    })
    // Every connection starts without rooms: the event log, not Socket.IO's own recovery,
    // brings back what was missed while away.
    this.socket.on('connect', () => {
      for (const [channelId, since] of this.lastSeq) void this.emitSubscribe(channelId, since)
    })
    // A server shutting down (a restart, a deploy) disconnects its sockets, after which
    // socket.io-client would stay away for good; the server coming back is worth waiting for.
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') this.socket.connect()
    })
  }

  /**
   * Subscribes to a channel, replaying after `since` when given (a sequence saved with
   * {@link lastSeqOf}); resolves when the server accepted, rejects with its reason.
   */
  async subscribe(channelId: string, since?: number): Promise<SocketAck> {
    if (!this.socket.connected)
      await new Promise<void>((resolve) => this.socket.once('connect', () => resolve()))
    const ack = await this.emitSubscribe(channelId, since ?? this.lastSeq.get(channelId))
    if (!ack.ok) throw new Error(`subscribe:channel refused: ${ack.error}`)
    const known = this.lastSeq.get(channelId) ?? 0
    this.lastSeq.set(channelId, Math.max(known, ack.seq ?? known))
    return ack
  }

  /**
   * Listens to a server event; logged events reach the listener once per `seq`.
   *
   * @example
   * realtime.on('review:expired', ({ messageId }) => console.log(messageId, 'expired'))
   */
  on<Event extends ServerEvent>(event: Event, listener: Listener<Event>): this
  on(...args: ListenerArgs): this {
    const socket: { on(...args: ListenerArgs): unknown } = this.socket
    socket.on(...this.deduplicated(args))
    return this
  }

  /** The same listener, skipping events whose `seq` it has seen. */
  private deduplicated<Event extends ServerEvent>(args: ListenerArgs<Event>): ListenerArgs<Event> {
    const [event, listener] = args
    const once: Listener<Event> = (...payload) => {
      if (!this.isRepeat(payload[0])) listener(...payload)
    }
    return [event, once]
  }

  /** Whether a logged event's `seq` was seen already; records it and its channel's position. */
  private isRepeat(payload: unknown): boolean {
    if (typeof payload !== 'object' || payload === null || !('seq' in payload)) return false
    const { seq } = payload
    if (typeof seq !== 'number') return false
    if (!this.remember(seq)) return true
    const channelId = 'channelId' in payload ? payload.channelId : undefined
    if (typeof channelId === 'string' && this.lastSeq.has(channelId))
      this.lastSeq.set(channelId, Math.max(this.lastSeq.get(channelId)!, seq))
    return false
  }

  /** The highest sequence seen on a channel: persist it to resume after a process restart. */
  lastSeqOf(channelId: string): number | undefined {
    return this.lastSeq.get(channelId)
  }

  close(): void {
    this.socket.close()
  }

  private emitSubscribe(channelId: string, since?: number): Promise<SocketAck> {
    const payload = since === undefined ? channelId : { channelId, since }
    return new Promise((resolve) => this.socket.emit('subscribe:channel', payload, resolve))
  }

  private remember(seq: number): boolean {
    if (this.seen.has(seq)) return false
    this.seen.add(seq)
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!)
    return true
  }
}

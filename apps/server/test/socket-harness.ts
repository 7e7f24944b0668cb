/** Real socket.io-client connections over loopback, typed from the protocol. */
import type { ClientToServerEvents, ServerToClientEvents, SocketAck } from '@placet/protocol'
import { io, type Socket } from 'socket.io-client'
import type { TestClient } from './harness.ts'

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

type EventName = keyof ServerToClientEvents
type PayloadOf<Event extends EventName> = Parameters<ServerToClientEvents[Event]>[0]

/** Connects to `/ws` and resolves once connected (or rejects with the connect_error). */
export function connectSocket(
  baseUrl: string,
  auth: { apiKey?: string; token?: string },
): Promise<ClientSocket> {
  const socket: ClientSocket = io(`${baseUrl}/ws`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (error) => {
      socket.close()
      reject(error)
    })
  })
}

/** A dashboard socket: a fresh single-use ticket for the signed-in client. */
export async function connectDashboard(client: TestClient): Promise<ClientSocket> {
  const { body } = await client.post('/api/auth/ws-ticket')
  return connectSocket(client.baseUrl, { token: body.ticket })
}

/** Records every event a socket receives, so tests can wait for one or assert none came. */
export class EventRecorder {
  readonly events: { name: EventName; payload: unknown }[] = []
  private waiters: (() => void)[] = []

  constructor(socket: ClientSocket) {
    socket.onAny((name: EventName, payload: unknown) => {
      this.events.push({ name, payload })
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  of<Event extends EventName>(name: Event): PayloadOf<Event>[] {
    return this.events
      .filter((event) => event.name === name)
      .map((event) => event.payload as PayloadOf<Event>)
  }

  /** Resolves with the first (or `count`-th) matching event, waiting for it if needed. */
  async next<Event extends EventName>(
    name: Event,
    match: (payload: PayloadOf<Event>) => boolean = () => true,
    count = 1,
  ): Promise<PayloadOf<Event>> {
    for (;;) {
      const found = this.of(name).filter(match)
      if (found.length >= count) return found[count - 1]!
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }
}

/** Emits an event with an ack and resolves with the ack's answer. */
export function emitWithAck<Event extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: Event,
  payload: Parameters<ClientToServerEvents[Event]>[0],
): Promise<SocketAck> {
  return new Promise((resolve) =>
    (socket.emit as (...args: unknown[]) => void)(event, payload, resolve),
  )
}

/** A round trip through the server: everything emitted to this socket before it has arrived. */
export function roundTrip(socket: ClientSocket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('pong', () => resolve())
    socket.emit('ping')
  })
}

import {
  SOCKET_NAMESPACE,
  WsTicketResponse,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@placet/protocol'
import { io, type Socket } from 'socket.io-client'
import { apiRequest } from './api-client'
import { env } from '../env'

/** The dashboard's one typed socket (style rule 5): listen map first, emit map second. */
export type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** Spec 5.4 step 4: after the server kicks a socket out, wait this long, then reconnect. */
const SERVER_DISCONNECT_RETRY_MS = 1_000

/** Sockets closed on purpose, which must not come back through the reconnect timer. */
const closedSockets = new WeakSet<DashboardSocket>()

/**
 * Opens the dashboard's socket on `/ws` (spec 5.4). The handshake carries a ws ticket, which
 * is single-use and lives 30 s, so `auth` is a callback: Socket.IO calls it before the first
 * connection and before every reconnection attempt (also after a `connect_error`), and each call
 * fetches a fresh ticket. Dashboard sockets join their user room on the server, so they receive
 * every channel's `message:created`, `review:*` and `message:deleted` without subscribing.
 *
 * @example
 * const socket = connectDashboardSocket()
 * socket.on('review:responded', (message) => console.log(message.id))
 * // on unmount
 * closeDashboardSocket(socket)
 */
export function connectDashboardSocket(): DashboardSocket {
  const socket: DashboardSocket = io(`${env.NEXT_PUBLIC_API_URL}${SOCKET_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
    auth: (setAuth) => {
      fetchTicket().then(
        (token) => setAuth({ token }),
        // Without a ticket the handshake fails with `unauthorized` and Socket.IO retries later.
        () => setAuth({}),
      )
    },
  })
  socket.on('disconnect', (reason) => {
    // Socket.IO does not reconnect by itself after a server-side disconnect (spec 5.4 step 4).
    if (reason !== 'io server disconnect') return
    setTimeout(() => {
      if (!socket.connected && !closedSockets.has(socket)) socket.connect()
    }, SERVER_DISCONNECT_RETRY_MS)
  })
  return socket
}

/** Disconnects for good: neither Socket.IO nor the server-disconnect timer reconnects it. */
export function closeDashboardSocket(socket: DashboardSocket): void {
  closedSockets.add(socket)
  socket.disconnect()
}

async function fetchTicket(): Promise<string> {
  const { ticket } = await apiRequest('/api/auth/ws-ticket', {
    method: 'POST',
    schema: WsTicketResponse,
  })
  return ticket
}

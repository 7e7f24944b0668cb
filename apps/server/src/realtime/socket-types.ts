import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@placet/protocol'
import type { Namespace, Server, Socket } from 'socket.io'

/** The one typed server of the gateway (style rule 5): listen, emit, inter-server, data. */
export type PlacetServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>
export type PlacetNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>
export type PlacetSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>

/** Agents' room of a channel: they get answers raw, passwords included. */
export const channelRoom = (channelId: string) => `channel:${channelId}`
/** Dashboards' room of a channel: the same events with password answers redacted. */
export const dashboardChannelRoom = (channelId: string) => `dashboard:channel:${channelId}`
/** The room a socket joins for a channel, by who it is. */
export const subscriptionRoom = (socket: PlacetSocket, channelId: string) =>
  socket.data.authMethod === 'apiKey' ? channelRoom(channelId) : dashboardChannelRoom(channelId)

export const userRoom = (userId: string) => `user:${userId}`

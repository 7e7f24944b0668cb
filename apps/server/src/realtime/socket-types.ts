import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@placet/protocol'
import type { Namespace, Server, Socket } from 'socket.io'

/** The one typed server of the gateway (style rule 5): listen, emit, inter-server, data. */
export type PlacetServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type PlacetNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>
export type PlacetSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>

export const channelRoom = (channelId: string) => `channel:${channelId}`
export const userRoom = (userId: string) => `user:${userId}`

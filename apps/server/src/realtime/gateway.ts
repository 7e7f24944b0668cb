import type { Server as HttpServer } from 'node:http'
import {
  SOCKET_NAMESPACE,
  toEmitArgs,
  type LoggedEvent,
  type LoggedEventEmitter,
} from '@placet/protocol'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { Server } from 'socket.io'
import type { Config } from '../config.ts'
import type { ApiKeyService } from '../domain/accounts/api-keys.ts'
import type { ChannelAccess } from '../domain/agents/channel-access.ts'
import type { EventBus } from '../domain/events/event-bus.ts'
import {
  CHANNEL_EVENT_TYPES,
  redactForDashboard,
  type EventReplay,
} from '../domain/events/event-replay.ts'
import type { SessionService } from '../domain/accounts/sessions.ts'
import { logger } from '../logger.ts'
import { registerChannelHandlers } from './channel-handlers.ts'
import { authenticateSocket } from './socket-auth.ts'
import {
  channelRoom,
  dashboardChannelRoom,
  userRoom,
  type PlacetNamespace,
  type PlacetServer,
} from './socket-types.ts'

const log = logger.child({ module: 'realtime' })

/**
 * Emits a logged event to its rooms (spec 5.3). agent:status goes to the owner only. Everything
 * else goes to the channel's subscribers and to the owner's user room (so the inbox sees answers
 * of chats it has not opened) in one broadcast, so a socket in several of the rooms gets it
 * once; only when a password answer must be hidden from dashboards do the two audiences get
 * separate payloads.
 */
function emitToRooms(namespace: PlacetNamespace, event: LoggedEvent & { userId: string }) {
  const to = (rooms: string | string[]): LoggedEventEmitter => namespace.to(rooms)
  const owner = userRoom(event.userId)
  if (!CHANNEL_EVENT_TYPES.includes(event.type)) return to(owner).emit(...toEmitArgs(event))
  const dashboards = [dashboardChannelRoom(event.channelId), owner]
  const redacted = redactForDashboard(event)
  if (redacted === event)
    return to([channelRoom(event.channelId), ...dashboards]).emit(...toEmitArgs(event))
  to(channelRoom(event.channelId)).emit(...toEmitArgs(event))
  to(dashboards).emit(...toEmitArgs(redacted))
}

export type RealtimeGateway = {
  io: PlacetServer
  namespace: PlacetNamespace
  close: () => Promise<void>
}

/**
 * The Socket.IO surface on `/ws` (seed-websocket.md, spec 5): authenticates sockets, handles
 * their events and emits every committed event of the log to its rooms, with its `seq`.
 */
export function createRealtimeGateway(
  httpServer: HttpServer,
  deps: {
    config: Config
    bus: EventBus
    apiKeys: ApiKeyService
    sessions: SessionService
    access: ChannelAccess
    replay: EventReplay
  },
): RealtimeGateway {
  const io: PlacetServer = new Server(httpServer, {
    cors: {
      origin: deps.config.http.corsOrigins,
      credentials: deps.config.http.corsOrigins !== true,
    },
    // No connectionStateRecovery: it appends an offset argument to every frame, which
    // JavaScript clients hide but python-socketio and others hand to the handler (issue 15).
    // Catching up is the event log's job: `subscribe:channel` with `since`, GET /api/v1/events.
    serveClient: false,
  })
  // Several processes behave as one when they share Redis: room emits and serverSideEmit
  // reach every process's sockets (design.md, scale-out).
  const redisClients: Redis[] = []
  if (deps.config.storage.redisUrl) {
    const publisher = new Redis(deps.config.storage.redisUrl, {
      lazyConnect: false,
      maxRetriesPerRequest: null,
    })
    const subscriber = publisher.duplicate()
    redisClients.push(publisher, subscriber)
    io.adapter(createAdapter(publisher, subscriber, { key: deps.config.storage.redisPrefix }))
  }
  const namespace = io.of(SOCKET_NAMESPACE)
  namespace.use(authenticateSocket(deps.apiKeys, deps.sessions))
  namespace.on('connection', (socket) => registerChannelHandlers(socket, deps))

  const unsubscribe = deps.bus.subscribe((event) => {
    emitToRooms(namespace, event)
  })
  // Other server processes wake their own long-poll waiters and workers; their sockets already
  // got the emit above through the adapter. (A lone process has nobody to tell.)
  if (redisClients.length) {
    deps.bus.addRelay((event) => namespace.serverSideEmit('event:appended', event))
    namespace.on('event:appended', (event) => deps.bus.deliver(event))
    // A revoked key or session ends on every server before the revoking call answers.
    deps.bus.addRevocationRelay(async (revocation) => {
      try {
        // The adapter gives up after its requestsTimeout (5 s) when a server does not answer.
        await namespace.serverSideEmitWithAck('credentials:revoked', revocation)
      } catch (error) {
        log.warn({ err: error, revocation }, 'a server did not confirm a revocation in time')
      }
    })
    namespace.on('credentials:revoked', (revocation, ack) => {
      deps.bus.deliverRevocation(revocation)
      ack()
    })
  }

  return {
    io,
    namespace,
    close: async () => {
      unsubscribe()
      // Not disconnectSockets(): its disconnect packet tells clients not to reconnect. Closing
      // the engine ends each transport, and socket.io clients reconnect on a transport close.
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await Promise.all(
        redisClients.map((client) => client.quit().catch(() => client.disconnect())),
      )
    },
  }
}

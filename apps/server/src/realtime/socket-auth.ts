import type { ApiKeyService } from '../domain/accounts/api-keys.ts'
import type { SessionService } from '../domain/accounts/sessions.ts'
import { logger } from '../logger.ts'
import { userRoom, type PlacetSocket } from './socket-types.ts'

const log = logger.child({ module: 'realtime' })

/** What Socket.IO hands to `connect_error` on the client (its ExtendedError). */
function unauthorized() {
  return Object.assign(new Error('unauthorized'), { data: { statusCode: 401 } })
}

/**
 * Handshake middleware (spec 5.1): `auth.apiKey` for agents, `auth.token` for the dashboard —
 * a single-use ws ticket, never a session token. Anything else fails with `unauthorized`.
 * Dashboard sockets join their user room; agent sockets only join channels they subscribe to.
 */
export function authenticateSocket(apiKeys: ApiKeyService, sessions: SessionService) {
  return async (socket: PlacetSocket, next: (error?: Error) => void) => {
    try {
      const auth = (socket.handshake.auth ?? {}) as { apiKey?: unknown; token?: unknown }
      if (typeof auth.apiKey === 'string') {
        const identity = await apiKeys.authenticate(auth.apiKey)
        if (!identity) return next(unauthorized())
        socket.data = { userId: identity.userId, authMethod: 'apiKey' }
        return next()
      }
      if (typeof auth.token === 'string') {
        const userId = await sessions.redeemWsTicket(auth.token)
        if (!userId) return next(unauthorized())
        socket.data = { userId, authMethod: 'jwt' }
        await socket.join(userRoom(userId))
        return next()
      }
      next(unauthorized())
    } catch (error) {
      log.error({ err: error }, 'socket authentication failed')
      next(unauthorized())
    }
  }
}

import { randomUUID } from 'node:crypto'
import type { HealthResponse } from '@placet/protocol'
import cookieParser from 'cookie-parser'
import cors from 'cors'
import express, { type Express } from 'express'
import helmet from 'helmet'
import { pinoHttp } from 'pino-http'
import type { Config } from '../config.ts'
import { logger } from '../logger.ts'
import type { Services } from '../services.ts'
import { agentAvatarsRouter } from './agent-avatars-router.ts'
import { agentsRouter } from './agents-router.ts'
import { recordApiCalls } from './api-log-middleware.ts'
import { apiKeysRouter } from './api-keys-router.ts'
import { requireApiKey, requireUser } from './auth-middleware.ts'
import { authRouter } from './auth-router.ts'
import { limitPerApiKey } from './api-key-rate-limit-middleware.ts'
import { refuseCrossSiteCookieWrites } from './cross-site-guard.ts'
import { eventsRouter } from './events-router.ts'
import { mcpRouter } from './mcp-router.ts'
import { filesRouter, shareRouter } from './files-router.ts'
import { logsRouter } from './logs-router.ts'
import { messagesRouter } from './messages-router.ts'
import { refuseUnsafeInput } from './unsafe-input-guard.ts'
import { preferencesRouter } from './preferences-router.ts'
import { openApiRouter } from './openapi-router.ts'
import { pushRouter } from './push-router.ts'
import { errorMiddleware, notFoundMiddleware, requireJsonBody } from './error-middleware.ts'
import { statusRouter } from './status-router.ts'
import { usersRouter } from './users-router.ts'
import { v1AgentsRouter } from './v1-agents-router.ts'
import { v1FilesRouter } from './v1-files-router.ts'
import { v1MessagesRouter } from './v1-messages-router.ts'
import { v1ReviewsRouter } from './v1-reviews-router.ts'
import { v1WebhookDeliveriesRouter, webhookDeliveriesRouter } from './webhook-deliveries-router.ts'
import { webDashboard } from './web-dashboard.ts'

/** JSON bodies above this are refused with 413 (files go through multipart, streamed). */
const JSON_BODY_LIMIT = '10mb'
const VERSION = '0.1.0'

/** The express app: middleware, the agent API, the dashboard API, the dashboard itself. */
export function createHttpApp(config: Config, services: Services): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', config.http.trustProxy)

  app.use(
    pinoHttp({
      logger: logger.child({ module: 'http' }),
      genReqId: (req, res) => {
        const id =
          (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || randomUUID()
        res.setHeader('x-request-id', id)
        return id
      },
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
    }),
  )
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The static Next.js export bootstraps with inline scripts.
          'script-src': ["'self'", "'unsafe-inline'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          // Self-hosted over plain HTTP on a LAN is normal; do not force https sub-requests.
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  )
  // Any origin may call the API with an API key; only listed origins may send the session
  // cookie along (reflecting every origin with credentials would let any site on the same
  // "site" read a signed-in user's data).
  app.use(cors({ origin: config.http.corsOrigins, credentials: config.http.corsOrigins !== true }))

  app.get('/health', async (_req, res) => {
    const isUp = await services.db.isUp()
    const body: HealthResponse = {
      status: isUp ? 'ok' : 'degraded',
      db: isUp ? 'up' : 'down',
      version: VERSION,
    }
    res.status(isUp ? 200 : 503).json(body)
  })

  const api = express.Router()
  api.use(
    requireJsonBody,
    express.json({ limit: JSON_BODY_LIMIT }),
    refuseUnsafeInput,
    cookieParser(),
  )
  api.use(openApiRouter(VERSION))
  const v1 = express.Router()
  v1.use(
    requireApiKey(services.apiKeys),
    // Before the API log: a flood answered 429 costs no database write.
    limitPerApiKey(services.apiKeyLimiter),
    recordApiCalls(services.apiLogs),
  )
  v1.use('/agents', v1WebhookDeliveriesRouter(services.webhookDeliveries))
  v1.use('/agents', v1AgentsRouter(services.agents))
  v1.use('/messages', v1MessagesRouter(services))
  v1.use('/reviews', v1ReviewsRouter(services.reviews))
  v1.use('/status', statusRouter(services.agentStatus))
  v1.use('/events', eventsRouter(services.replay, 'agent'))
  v1.use('/files', v1FilesRouter(services.files))
  api.use('/v1', v1)
  // Below /v1: the agent API never reads the session cookie.
  api.use(refuseCrossSiteCookieWrites(config))

  api.use('/auth', authRouter(services))
  api.use('/share', shareRouter(services.files))
  const signedIn = requireUser(services.sessions)
  // Before the agents and messages routers: it serves /agents/:id/webhook-deliveries and /messages/:id/retry.
  api.use(webhookDeliveriesRouter(services.webhookDeliveries, signedIn))
  api.use('/users', signedIn, usersRouter(services.accounts))
  api.use('/api-keys', signedIn, apiKeysRouter(services.apiKeys))
  api.use('/preferences', signedIn, preferencesRouter(services.preferences))
  api.use('/messages', signedIn, messagesRouter(services))
  api.use('/agents', signedIn, agentAvatarsRouter(services.avatars))
  api.use(
    '/agents',
    signedIn,
    agentsRouter({ agents: services.agents, inbox: services.agentInbox, access: services.access }),
  )
  api.use('/events', signedIn, eventsRouter(services.replay, 'user'))
  api.use('/files', signedIn, filesRouter(services.files))
  api.use('/logs', signedIn, logsRouter(services.apiLogs))
  api.use('/push', signedIn, pushRouter(services.pushSubscriptions))
  api.use(notFoundMiddleware)
  app.use('/api', api)

  app.use('/mcp', mcpRouter(services.apiKeys, config.mcp))

  for (const handler of webDashboard(config.http.webDir)) app.use(handler)
  app.use(notFoundMiddleware)
  app.use(errorMiddleware)
  return app
}

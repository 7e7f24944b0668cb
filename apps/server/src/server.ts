import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import type { Config } from './config.ts'
import { createHttpApp } from './http/app.ts'
import { answerClientError } from './http/client-error.ts'
import { createJobs } from './jobs/create-jobs.ts'
import type { Job } from './jobs/job.ts'
import { applyLogLevel, logger } from './logger.ts'
import { createRealtimeGateway, type RealtimeGateway } from './realtime/gateway.ts'
import { createServices, type Services } from './services.ts'
import { Database } from './store/database.ts'
import { migrateDatabase } from './store/migrate.ts'

const log = logger.child({ module: 'server' })

/** A started server: its URL, its services (for tests and jobs) and a graceful stop. */
export type RunningServer = {
  url: string
  port: number
  httpServer: HttpServer
  /** The express app (tests read its router to learn the mounted routes). */
  app: Express
  services: Services
  jobs: Job[]
  realtime: RealtimeGateway
  close: () => Promise<void>
}

/**
 * Migrates the database, seeds the owner, and starts HTTP, Socket.IO and the background jobs on
 * one port.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  applyLogLevel(config)
  await migrateDatabase(config.storage.databaseUrl)
  const db = await Database.open(config.storage.databaseUrl, config.storage)
  const services = createServices(db, config)
  await services.accounts.seedOwner()

  const app = createHttpApp(config, services)
  const httpServer = createHttpServer(app)
  httpServer.on('clientError', answerClientError)
  const realtime = createRealtimeGateway(httpServer, services)
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(config.http.port, config.http.host, () => resolve())
  })
  const { port } = httpServer.address() as AddressInfo
  const url = `http://localhost:${port}`
  log.info({ url, database: db.provider, nodeId: services.nodes.nodeId }, 'Placet is listening')
  const jobs = createJobs(services, config)
  for (const job of jobs) await job.start()

  // Answers given while closing say `Connection: close`, so keep-alive clients reconnect (to
  // another node) instead of sending their next request down a connection about to end.
  const unanswered = new Set<ServerResponse>()
  httpServer.prependListener('request', (_req, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false
    unanswered.add(res)
    res.once('close', () => unanswered.delete(res))
  })

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      for (const res of unanswered) res.shouldKeepAlive = false
      // First stop accepting; requests already in flight run to their answer.
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      // Keep-alive connections would hold close() open; end the idle ones now (and the rest
      // once they finish: node answers them with `Connection: close`).
      httpServer.closeIdleConnections()
      // Long polls answer now rather than at their timeout.
      services.reviewWaiters.releaseAll()
      // Drops socket transports without a disconnect packet, so clients reconnect (elsewhere).
      await realtime.close()
      // Reverse order: the node's heartbeat stops last, once its leases are settled.
      for (const job of [...jobs].reverse()) await job.stop()
      const forceClose = setTimeout(() => httpServer.closeAllConnections(), 5_000)
      forceClose.unref()
      await httpClosed
      clearTimeout(forceClose)
      // The API log is written after responses go out; finish it while the database is open.
      await services.apiLogs.drain()
      await services.rateLimits.close()
      await db.close()
      services.fileStorage.close()
    })())

  return { url, port, httpServer, app, services, jobs, realtime, close }
}

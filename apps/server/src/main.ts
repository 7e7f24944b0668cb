/** Process entry point: `node dist/main.js` (or `pnpm dev`). */
import { ConfigError, loadConfig } from './config.ts'
import { logger } from './logger.ts'
import { startServer } from './server.ts'

/** Orchestrators kill after a grace period (Kubernetes: 30 s); we give up well before. */
const SHUTDOWN_LIMIT_MS = 10_000

async function main() {
  const config = loadConfig()
  const server = await startServer(config)
  let isStopping = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (isStopping) return
      isStopping = true
      logger.info({ signal }, 'shutting down')
      setTimeout(() => {
        logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'shutdown took too long, exiting')
        process.exit(1)
      }, SHUTDOWN_LIMIT_MS).unref()
      server.close().then(
        () => {
          logger.info('shut down')
          process.exit(0)
        },
        (error) => {
          logger.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
    })
  }
}

main().catch((error) => {
  if (error instanceof ConfigError) logger.fatal(error.message)
  else logger.fatal({ err: error }, 'failed to start')
  process.exit(1)
})

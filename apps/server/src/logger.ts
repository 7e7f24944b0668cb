/**
 * The one logger (pino). Modules take a child named for themselves:
 * `const log = logger.child({ module: 'realtime' })`. It logs at `info` until the entry point
 * applies `LOG_LEVEL` from the config ({@link applyLogLevel}); children follow the root's level.
 */
import { pino } from 'pino'
import type { Config } from './config.ts'

export const logger = pino({
  level: 'info',
  base: undefined,
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]'],
    censor: '***',
  },
})

/** Sets the level of the logger and of every module's child from the config (`LOG_LEVEL`). */
export function applyLogLevel(config: Pick<Config, 'logLevel'>): void {
  logger.level = config.logLevel
}

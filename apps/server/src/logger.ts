/**
 * The one logger (pino). Modules take a child named for themselves:
 * `const log = logger.child({ module: 'realtime' })`.
 */
import { pino } from 'pino'
import { BOOT_LOG_LEVEL } from './config.ts'

export const logger = pino({
  level: BOOT_LOG_LEVEL,
  base: undefined,
  redact: {
    paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]'],
    censor: '***',
  },
})

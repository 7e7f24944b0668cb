// Every test file starts with the level vitest.config.ts passes (silent unless LOG_LEVEL is
// set), before any server applies its config: unit tests start no server.
import { logger } from '../src/logger.ts'

logger.level = process.env.LOG_LEVEL ?? 'silent'

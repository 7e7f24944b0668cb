import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logger } from '../src/logger.ts'
import { startTestServer, type TestServer } from './harness.ts'

// Created at import, as every module's logger is: before any config was read.
const moduleLog = logger.child({ module: 'logging-test' })
let server: TestServer

beforeAll(async () => {
  logger.level = 'info'
  server = await startTestServer({ LOG_LEVEL: 'fatal' })
})
afterAll(() => server.destroy())

describe('LOG_LEVEL', () => {
  it('is applied from the config to the logger and to module loggers made before', () => {
    expect(logger.level).toBe('fatal')
    expect(moduleLog.level).toBe('fatal')
  })
})

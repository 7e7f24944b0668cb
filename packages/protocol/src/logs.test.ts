import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ApiLog, ApiLogListQuery, ApiLogPage } from './logs.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

const log = {
  id: 'cllog001',
  apiKeyId: 'clkey001',
  userId: 'cluser01',
  agentId: 'clxyz456',
  method: 'POST',
  path: '/api/v1/messages',
  requestBody: '{"channelId":"clxyz456","text":"hi"}',
  responseBody: null,
  statusCode: 201,
  durationMs: 4,
  direction: 'inbound',
  createdAt: '2026-04-01T14:30:00.000Z',
}

describe('ApiLog', () => {
  it('accepts a row of spec 1.10 and refuses an unknown direction', () => {
    expect(ApiLog.safeParse(log).success).toBe(true)
    expect(pathOf(ApiLog, { ...log, direction: 'sideways' })).toEqual(['direction'])
  })

  it('pages with a nullable cursor', () => {
    expect(ApiLogPage.safeParse({ data: [log], nextCursor: null }).success).toBe(true)
    expect(pathOf(ApiLogPage, { data: [log] })).toEqual(['nextCursor'])
  })
})

describe('ApiLogListQuery', () => {
  it('reads the filters of spec 3.7 from a query string', () => {
    expect(
      ApiLogListQuery.parse({
        agent: 'clxyz456',
        direction: 'outbound',
        status: '4xx',
        limit: '20',
      }),
    ).toEqual({ agent: 'clxyz456', direction: 'outbound', status: '4xx', limit: 20 })
    expect(ApiLogListQuery.parse({})).toEqual({ limit: 50 })
  })

  it('takes a code, a class, success or error as the status, and nothing else', () => {
    for (const status of ['404', '0', '2xx', 'success', 'error'])
      expect(ApiLogListQuery.safeParse({ status }).success).toBe(true)
    for (const status of ['6xx', '4040', 'failed', ''])
      expect(pathOf(ApiLogListQuery, { status })).toEqual(['status'])
    expect(pathOf(ApiLogListQuery, { direction: 'both' })).toEqual(['direction'])
  })
})

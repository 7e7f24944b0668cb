import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  DeletedResponse,
  ErrorBody,
  Id,
  IsoDate,
  JsonObject,
  MessageResponse,
  PageLimit,
  QueryFlag,
  ValidationIssue,
  pageOf,
} from './common.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

describe('IsoDate', () => {
  it('accepts UTC and offset timestamps', () => {
    expect(IsoDate.safeParse('2026-04-01T14:30:00.000Z').success).toBe(true)
    expect(IsoDate.safeParse('2026-04-01T16:30:00+02:00').success).toBe(true)
  })

  it('rejects dates without a time or a zone', () => {
    expect(IsoDate.safeParse('2026-04-01').success).toBe(false)
    expect(IsoDate.safeParse('2026-04-01T14:30:00').success).toBe(false)
  })
})

describe('Id', () => {
  it('accepts an opaque id', () => {
    expect(Id.safeParse('clxyz456').success).toBe(true)
  })

  it('rejects an empty or oversized id', () => {
    expect(Id.safeParse('').success).toBe(false)
    expect(Id.safeParse('x'.repeat(129)).success).toBe(false)
  })

  it('rejects control characters', () => {
    expect(Id.safeParse('abc\u0000').success).toBe(false)
    expect(Id.safeParse('a\nb').success).toBe(false)
  })
})

describe('JsonObject', () => {
  it('accepts any object', () => {
    expect(JsonObject.safeParse({ plugin: '@uax/chart', data: [1, 2] }).success).toBe(true)
  })

  it('rejects arrays, null and scalars', () => {
    for (const input of [[], null, 'text', 1])
      expect(JsonObject.safeParse(input).success).toBe(false)
  })
})

describe('ValidationIssue', () => {
  it('accepts a zod issue (spec 2.0)', () => {
    expect(
      ValidationIssue.safeParse({
        code: 'invalid_type',
        message: 'Required',
        path: ['review', 'payload', 0],
      }).success,
    ).toBe(true)
  })

  it('rejects a path made of something else than keys', () => {
    expect(pathOf(ValidationIssue, { code: 'custom', message: 'x', path: [true] })).toEqual([
      'path',
      0,
    ])
  })
})

describe('ErrorBody', () => {
  it('accepts the bodies of spec 2.0', () => {
    expect(
      ErrorBody.safeParse({ statusCode: 401, message: 'Missing or invalid API key' }).success,
    ).toBe(true)
    expect(
      ErrorBody.safeParse({
        statusCode: 400,
        message: 'Validation failed',
        errors: [{ code: 'invalid_type', message: 'Required', path: ['channelId'] }],
        timestamp: '2026-04-01T14:30:00.000Z',
        path: '/api/v1/messages',
      }).success,
    ).toBe(true)
    expect(
      ErrorBody.safeParse({
        statusCode: 400,
        message: ['text is required', 'channelId is required'],
      }).success,
    ).toBe(true)
  })

  it('rejects a textual status code and an issue without a path', () => {
    expect(pathOf(ErrorBody, { statusCode: '404', message: 'Message not found' })).toEqual([
      'statusCode',
    ])
    expect(
      pathOf(ErrorBody, {
        statusCode: 400,
        message: 'Validation failed',
        errors: [{ code: 'custom', message: 'x' }],
      }),
    ).toEqual(['errors', 0, 'path'])
  })
})

describe('PageLimit', () => {
  it('coerces the query string', () => {
    expect(PageLimit.parse('25')).toBe(25)
    expect(PageLimit.parse(100)).toBe(100)
  })

  it('falls back to 50 instead of failing', () => {
    for (const input of [undefined, '0', '101', 'abc', '2.5'])
      expect(PageLimit.parse(input)).toBe(50)
  })
})

describe('pageOf', () => {
  const IdPage = pageOf(Id)

  it('accepts a full page and the last page', () => {
    expect(IdPage.safeParse({ data: ['a', 'b'], nextCursor: 'b' }).success).toBe(true)
    expect(IdPage.safeParse({ data: [], nextCursor: null }).success).toBe(true)
  })

  it('checks each item and requires nextCursor', () => {
    expect(pathOf(IdPage, { data: ['a', ''], nextCursor: null })).toEqual(['data', 1])
    expect(pathOf(IdPage, { data: [] })).toEqual(['nextCursor'])
  })
})

describe('DeletedResponse', () => {
  it('accepts {deleted: true} only', () => {
    expect(DeletedResponse.safeParse({ deleted: true }).success).toBe(true)
    expect(pathOf(DeletedResponse, { deleted: false })).toEqual(['deleted'])
  })
})

describe('MessageResponse', () => {
  it('accepts {message}', () => {
    expect(MessageResponse.safeParse({ message: 'Logged out' }).success).toBe(true)
    expect(pathOf(MessageResponse, {})).toEqual(['message'])
  })
})

describe('QueryFlag', () => {
  it('reads true and 1 as true, anything else as false', () => {
    expect([true, 'true', '1'].map((input) => QueryFlag.parse(input))).toEqual([true, true, true])
    expect([undefined, false, 'false', '0', 'yes'].map((input) => QueryFlag.parse(input))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })

  it('rejects values a query string cannot hold', () => {
    expect(QueryFlag.safeParse(1).success).toBe(false)
  })
})

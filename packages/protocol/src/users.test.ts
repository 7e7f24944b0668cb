import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  ApiKey,
  ApiKeyWithSecret,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateUserBody,
  HealthResponse,
  LoginBody,
  SessionResponse,
  SessionUser,
  UpdateUserBody,
  User,
  UserRole,
  WsTicketResponse,
} from './users.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

const sessionUser = {
  id: 'clusr001',
  email: 'admin@example.com',
  displayName: 'Admin',
  role: 'owner',
  mustChangePassword: false,
}
const user = { ...sessionUser, createdAt: '2026-04-01T14:30:00.000Z' }
const apiKey = {
  id: 'clkey001',
  label: 'Default',
  keyPrefix: 'hp_0123abcd',
  lastUsedAt: null,
  createdAt: '2026-04-01T14:30:00.000Z',
}
const rawKey = `hp_${'0123456789abcdef'.repeat(3)}`

describe('UserRole', () => {
  it('accepts owner and member only', () => {
    expect(UserRole.safeParse('member').success).toBe(true)
    expect(UserRole.safeParse('admin').success).toBe(false)
  })
})

describe('User', () => {
  it('accepts a user as the API returns it', () => {
    expect(User.safeParse(user).success).toBe(true)
  })

  it('rejects an unknown role and a bad timestamp', () => {
    expect(pathOf(User, { ...user, role: 'admin' })).toEqual(['role'])
    expect(pathOf(User, { ...user, createdAt: 'yesterday' })).toEqual(['createdAt'])
  })
})

describe('SessionUser', () => {
  it('accepts the user of the auth answers (spec 3.1) and drops anything else', () => {
    expect(SessionUser.parse({ ...user, passwordHash: '$2b$12$…' })).toEqual(sessionUser)
  })

  it('requires mustChangePassword', () => {
    expect(pathOf(SessionUser, { ...sessionUser, mustChangePassword: undefined })).toEqual([
      'mustChangePassword',
    ])
  })
})

describe('LoginBody', () => {
  it('trims and lowercases the email', () => {
    expect(LoginBody.parse({ email: ' Admin@Example.COM ', password: 'secret' }).email).toBe(
      'admin@example.com',
    )
  })

  it('rejects a bad email and an empty password', () => {
    expect(pathOf(LoginBody, { email: 'admin', password: 'secret' })).toEqual(['email'])
    expect(pathOf(LoginBody, { email: 'admin@example.com', password: '' })).toEqual(['password'])
  })
})

describe('SessionResponse', () => {
  it('accepts {user}', () => {
    expect(SessionResponse.safeParse({ user: sessionUser }).success).toBe(true)
    expect(pathOf(SessionResponse, { user: { ...sessionUser, id: '' } })).toEqual(['user', 'id'])
  })
})

describe('ChangePasswordBody', () => {
  it('needs a new password of at least 8 characters (spec 3.1)', () => {
    expect(
      ChangePasswordBody.safeParse({ currentPassword: 'old', newPassword: 'longenough' }).success,
    ).toBe(true)
    expect(pathOf(ChangePasswordBody, { currentPassword: 'old', newPassword: 'short' })).toEqual([
      'newPassword',
    ])
  })
})

describe('WsTicketResponse', () => {
  it('accepts {ticket}', () => {
    expect(WsTicketResponse.safeParse({ ticket: 'eyJhbGciOiJIUzI1NiJ9.e30.sig' }).success).toBe(
      true,
    )
    expect(pathOf(WsTicketResponse, { token: 'x' })).toEqual(['ticket'])
  })
})

describe('CreateUserBody', () => {
  const body = { email: 'ana@example.com', displayName: 'Ana', password: 'longenough' }

  it('accepts the body of spec 3.2, role optional', () => {
    expect(CreateUserBody.safeParse(body).success).toBe(true)
    expect(CreateUserBody.safeParse({ ...body, role: 'owner' }).success).toBe(true)
  })

  it('rejects a short password, a blank name and an unknown role', () => {
    expect(pathOf(CreateUserBody, { ...body, password: '1234567' })).toEqual(['password'])
    expect(pathOf(CreateUserBody, { ...body, displayName: '   ' })).toEqual(['displayName'])
    expect(pathOf(CreateUserBody, { ...body, role: 'admin' })).toEqual(['role'])
  })
})

describe('UpdateUserBody', () => {
  it('accepts partial updates', () => {
    expect(UpdateUserBody.safeParse({}).success).toBe(true)
    expect(UpdateUserBody.safeParse({ displayName: 'Ana B.', role: 'member' }).success).toBe(true)
  })

  it('rejects an unknown role', () => {
    expect(pathOf(UpdateUserBody, { role: 'root' })).toEqual(['role'])
  })
})

describe('ApiKey', () => {
  it('accepts a key without its secret', () => {
    expect(ApiKey.safeParse(apiKey).success).toBe(true)
  })

  it('rejects a lastUsedAt that is not a timestamp', () => {
    expect(pathOf(ApiKey, { ...apiKey, lastUsedAt: 'never' })).toEqual(['lastUsedAt'])
  })
})

describe('ApiKeyWithSecret', () => {
  it('accepts hp_ + 48 lowercase hex (spec 1.4)', () => {
    expect(ApiKeyWithSecret.safeParse({ ...apiKey, key: rawKey }).success).toBe(true)
  })

  it('rejects keys of another shape', () => {
    expect(pathOf(ApiKeyWithSecret, { ...apiKey, key: rawKey.toUpperCase() })).toEqual(['key'])
    expect(pathOf(ApiKeyWithSecret, { ...apiKey, key: rawKey.slice(0, -1) })).toEqual(['key'])
  })
})

describe('CreateApiKeyBody', () => {
  it('accepts an optional label of 1..64 characters', () => {
    expect(CreateApiKeyBody.safeParse({}).success).toBe(true)
    expect(CreateApiKeyBody.safeParse({ label: 'CI' }).success).toBe(true)
  })

  it('rejects an empty or long label', () => {
    expect(pathOf(CreateApiKeyBody, { label: ' ' })).toEqual(['label'])
    expect(pathOf(CreateApiKeyBody, { label: 'x'.repeat(65) })).toEqual(['label'])
  })
})

describe('HealthResponse', () => {
  it('accepts the health answer', () => {
    expect(
      HealthResponse.safeParse({ status: 'degraded', db: 'down', version: '0.1.0' }).success,
    ).toBe(true)
    expect(pathOf(HealthResponse, { status: 'down', db: 'down', version: '0.1.0' })).toEqual([
      'status',
    ])
  })
})

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import webPush from 'web-push'
import { ConfigError, loadConfig } from './config.ts'
import { VAPID_KEYS_FILE, findVapidKeyProblem } from './vapid-keys.ts'

const dirs: string[] = []
function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'placet-config-'))
  dirs.push(dir)
  return dir
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const dir = dataDir()
    const config = loadConfig({ DATA_DIR: dir })
    expect(config.http.port).toBe(3000)
    expect(config.storage.databaseUrl).toBe(`file:${join(dir, 'placet.db')}`)
    expect(config.auth.initialUserEmail).toBe('admin@placet.local')
    expect(config.auth.initialUserPassword).toBe('changeme')
    expect(config.http.corsOrigins).toBe(true)
    expect(config.reviews.defaultExpiryMs).toBe(24 * 3_600_000)
    expect(config.reviews.maxExpiryMs).toBe(36 * 3_600_000)
    expect(config.agents.offlineAfterMs).toBe(5 * 60_000)
    expect(config.webhooks.retryScheduleMs).toEqual([
      1000, 5000, 30_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 54_000_000,
    ])
    expect(config.webhooks.allowPrivate).toBe(false)
    expect(config.logLevel).toBe('info')
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('generates a JWT secret once and keeps it under DATA_DIR', () => {
    const dir = dataDir()
    const first = loadConfig({ DATA_DIR: dir })
    expect(first.auth.jwtSecret.length).toBeGreaterThanOrEqual(32)
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first.auth.jwtSecret)
    expect(loadConfig({ DATA_DIR: dir }).auth.jwtSecret).toBe(first.auth.jwtSecret)
  })

  it('uses an explicit JWT_SECRET without writing a file', () => {
    const dir = dataDir()
    expect(loadConfig({ DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40) }).auth.jwtSecret).toBe(
      'x'.repeat(40),
    )
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false)
  })

  it('refuses a weak JWT_SECRET in production only', () => {
    const dir = dataDir()
    expect(() =>
      loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'change-me-in-production' }),
    ).toThrow(ConfigError)
    expect(() =>
      loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'short' }),
    ).toThrow(/too weak/)
    expect(
      loadConfig({ DATA_DIR: dir, NODE_ENV: 'development', JWT_SECRET: 'short' }).auth.jwtSecret,
    ).toBe('short')
  })

  it('reads PORT, DATABASE_URL, CORS_ORIGIN and durations', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      PORT: '8080',
      DATABASE_URL: 'postgresql://u@localhost/placet',
      CORS_ORIGIN: 'https://a.example, https://b.example',
      AGENT_OFFLINE_AFTER: '90s',
      REVIEW_DEFAULT_EXPIRY: '2h',
      WEBHOOK_RETRY_SCHEDULE: '500ms,2s',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    })
    expect(config.http.port).toBe(8080)
    expect(config.storage.databaseUrl).toBe('postgresql://u@localhost/placet')
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(config.agents.offlineAfterMs).toBe(90_000)
    expect(config.reviews.defaultExpiryMs).toBe(7_200_000)
    expect(config.webhooks.retryScheduleMs).toEqual([500, 2000])
    expect(config.webhooks.allowPrivate).toBe(true)
  })

  it('treats CORS_ORIGIN=* as every origin', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), CORS_ORIGIN: '*' }).http.corsOrigins).toBe(true)
  })

  it('names every invalid variable in one error', () => {
    const attempt = () =>
      loadConfig({
        DATA_DIR: dataDir(),
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        AGENT_OFFLINE_AFTER: 'soon',
      })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*AGENT_OFFLINE_AFTER/)
  })
})

describe('VAPID keys', () => {
  it('generates a pair on first start, keeps it under DATA_DIR and reuses it', () => {
    const dir = dataDir()
    const { vapid } = loadConfig({ DATA_DIR: dir }).push
    expect(findVapidKeyProblem(vapid)).toBeNull()
    expect(JSON.parse(readFileSync(join(dir, VAPID_KEYS_FILE), 'utf8'))).toEqual({
      publicKey: vapid.publicKey,
      privateKey: vapid.privateKey,
    })
    expect(statSync(join(dir, VAPID_KEYS_FILE)).mode & 0o777).toBe(0o600)
    expect(loadConfig({ DATA_DIR: dir }).push.vapid).toEqual(vapid)
    expect(vapid.subject).toBe('mailto:admin@placet.local')
  })

  it('uses VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set, writing nothing', () => {
    const dir = dataDir()
    const keys = webPush.generateVAPIDKeys()
    const config = loadConfig({
      DATA_DIR: dir,
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'https://placet.example',
    })
    expect(config.push.vapid).toEqual({ ...keys, subject: 'https://placet.example' })
    expect(existsSync(join(dir, VAPID_KEYS_FILE))).toBe(false)
    expect(config.push.allowPrivate).toBe(false)
  })

  it('refuses half a pair, a malformed key and a bad subject', () => {
    const keys = webPush.generateVAPIDKeys()
    expect(() => loadConfig({ DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(
      /must be set together/,
    )
    expect(() =>
      loadConfig({
        DATA_DIR: dataDir(),
        VAPID_PUBLIC_KEY: keys.publicKey.slice(1),
        VAPID_PRIVATE_KEY: keys.privateKey,
      }),
    ).toThrow(/VAPID_PUBLIC_KEY/)
    expect(() =>
      loadConfig({
        DATA_DIR: dataDir(),
        VAPID_PUBLIC_KEY: keys.publicKey,
        VAPID_PRIVATE_KEY: 'not+base64url',
      }),
    ).toThrow(/VAPID_PRIVATE_KEY/)
    expect(() => loadConfig({ DATA_DIR: dataDir(), VAPID_SUBJECT: 'http://x.example' })).toThrow(
      /VAPID_SUBJECT/,
    )
  })
})

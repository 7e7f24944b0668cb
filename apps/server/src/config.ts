/**
 * Every setting of the server, parsed once from the environment with zod. No other file reads
 * `process.env`; the server is built from the frozen {@link Config} this returns.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { findVapidKeyProblem, readOrCreateVapidKeys, type VapidKeys } from './vapid-keys.ts'

const WEAK_SECRETS = new Set(['change-me-in-production', 'changeme', 'secret', 'placet'])

/** `300`, `300s`, `500ms`, `5m`, `2h`: a duration, returned in milliseconds. */
export const Duration = z.union([z.number(), z.string().trim()]).transform((value, ctx) => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(String(value))
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'Expected a duration such as 500ms, 30s, 5m or 2h' })
    return z.NEVER
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's']!
  return Math.round(Number(match[1]) * unit)
})

const Bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1')

const LogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info')

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:|postgres(ql)?:\/\/)/,
      'Expected file:<path> (SQLite) or postgres://… (PostgreSQL)',
    )
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'Expected redis://…')
    .optional(),
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]+$/)
    .default('placet'),
  JWT_SECRET: z.string().optional(),
  INITIAL_USER_EMAIL: z.email().default('admin@placet.local'),
  INITIAL_USER_PASSWORD: z.string().min(1).default('changeme'),
  CORS_ORIGIN: z.string().default(''),
  LOG_LEVEL: LogLevel,
  APP_URL: z.url().optional(),
  WEB_DIR: z.string().optional(),
  TRUST_PROXY: Bool,
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(15).default(12),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_RATE_WINDOW: Duration.default(15 * 60_000),
  AGENT_RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
  REVIEW_DEFAULT_EXPIRY: Duration.default(24 * 3_600_000),
  REVIEW_MAX_EXPIRY: Duration.default(36 * 3_600_000),
  LONG_POLL_MAX: Duration.default(30_000),
  // Seconds (a bare number), as the stdio MCP server reads it; many MCP clients drop a call at 60 s.
  MCP_MAX_WAIT_S: Duration.default(50_000),
  AGENT_OFFLINE_AFTER: Duration.default(5 * 60_000),
  STREAM_STALE_AFTER: Duration.default(5 * 60_000),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default('1s,5s,30s,5m,30m,2h,6h,15h')
    .transform((list, ctx) =>
      list.split(',').map((item) => {
        const parsed = Duration.safeParse(item)
        if (!parsed.success) ctx.addIssue({ code: 'custom', message: `Bad duration "${item}"` })
        return parsed.success ? parsed.data : 0
      }),
    ),
  WEBHOOK_TIMEOUT: Duration.default(10_000),
  WEBHOOK_ALLOW_PRIVATE: Bool,
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1_000_000).default(100),
  MAX_AVATAR_MB: z.coerce.number().positive().max(1_000).default(2),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0']).optional(),
  S3_PREFIX: z
    .string()
    .regex(/^[\w./-]*$/, 'Letters, digits, ".", "_", "-" and "/" only')
    .default(''),
  VAPID_PUBLIC_KEY: z.string().trim().optional(),
  VAPID_PRIVATE_KEY: z.string().trim().optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'Expected a mailto: or https: URL')
    .optional(),
  PUSH_ALLOW_PRIVATE: Bool,
})

/** The server's settings, grouped by concern. */
export type Config = Readonly<ReturnType<typeof shapeConfig>>

function shapeConfig(env: z.infer<typeof Env>, jwtSecret: string, vapidKeys: VapidKeys) {
  const dataDir = resolve(env.DATA_DIR)
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    http: {
      port: env.PORT,
      host: env.HOST,
      corsOrigins: parseOrigins(env.CORS_ORIGIN),
      trustProxy: env.TRUST_PROXY,
      appUrl: env.APP_URL ?? `http://localhost:${env.PORT}`,
      webDir: env.WEB_DIR ? resolve(env.WEB_DIR) : join(serverRoot, '../web/out'),
    },
    storage: {
      dataDir,
      databaseUrl: env.DATABASE_URL ?? `file:${join(dataDir, 'placet.db')}`,
      /**
       * WAL with `normal` syncs at checkpoints, not on every commit: a commit survives a crash
       * of the server, and only an OS crash or power loss can roll back the last ones. `full`
       * syncs every commit, which cost ~14 % of the ingest profile here (issue 12).
       */
      sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
      redisUrl: env.REDIS_URL ?? null,
      /** Processes with the same Redis and prefix form one deployment. */
      redisPrefix: env.REDIS_PREFIX,
    },
    auth: {
      jwtSecret,
      initialUserEmail: env.INITIAL_USER_EMAIL.toLowerCase(),
      initialUserPassword: env.INITIAL_USER_PASSWORD,
      passwordHashCost: env.PASSWORD_HASH_COST,
      loginRateLimit: env.LOGIN_RATE_LIMIT,
      loginRateWindowMs: env.LOGIN_RATE_WINDOW,
      /** Calls per API key per minute on /api/v1. */
      agentRateLimit: env.AGENT_RATE_LIMIT,
    },
    reviews: {
      defaultExpiryMs: env.REVIEW_DEFAULT_EXPIRY,
      maxExpiryMs: env.REVIEW_MAX_EXPIRY,
      longPollMaxMs: env.LONG_POLL_MAX,
    },
    mcp: { maxWaitMs: env.MCP_MAX_WAIT_S },
    agents: {
      offlineAfterMs: env.AGENT_OFFLINE_AFTER,
      streamStaleAfterMs: env.STREAM_STALE_AFTER,
    },
    webhooks: {
      retryScheduleMs: env.WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: env.WEBHOOK_TIMEOUT,
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
    },
    files: {
      maxUploadBytes: Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024),
      /** Agents' avatars are shown small and often: a separate, much lower limit. */
      maxAvatarBytes: Math.floor(env.MAX_AVATAR_MB * 1024 * 1024),
      s3: env.S3_BUCKET ? shapeS3(env, env.S3_BUCKET) : null,
    },
    push: {
      vapid: {
        ...vapidKeys,
        /** Who push services contact about this server (RFC 8292). */
        subject: env.VAPID_SUBJECT ?? `mailto:${env.INITIAL_USER_EMAIL.toLowerCase()}`,
      },
      /**
       * Lets subscriptions name http:// and private or loopback endpoints (development and
       * tests, with a push receiver on this machine); browsers only ever give https endpoints
       * of public push services.
       */
      allowPrivate: env.PUSH_ALLOW_PRIVATE,
    },
    logLevel: env.LOG_LEVEL,
  }
}

/** S3-compatible storage (issue 11); credentials fall back to the AWS SDK's own chain. */
function shapeS3(env: z.infer<typeof Env>, bucket: string) {
  const credentials =
    env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
      : null
  return {
    bucket,
    endpoint: env.S3_ENDPOINT ?? null,
    region: env.S3_REGION,
    credentials,
    // MinIO, Garage and other self-hosted servers want path-style URLs; AWS itself does not.
    forcePathStyle:
      env.S3_FORCE_PATH_STYLE === undefined
        ? env.S3_ENDPOINT !== undefined
        : env.S3_FORCE_PATH_STYLE === 'true' || env.S3_FORCE_PATH_STYLE === '1',
    prefix: env.S3_PREFIX,
  }
}

/** `''` or `*` allow every origin (spec 8); otherwise a comma-separated list. */
function parseOrigins(value: string): true | string[] {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  return origins.length === 0 || origins.includes('*') ? true : origins
}

/** Thrown for a configuration the server must not start with. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Parses the environment into a {@link Config}. When JWT_SECRET is unset, a random secret is
 * generated once and kept in `DATA_DIR/jwt-secret`, so sessions survive restarts with zero
 * configuration; in production a weak explicit secret is refused. VAPID keys likewise go to
 * `DATA_DIR/vapid-keys.json` unless VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are set.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')),
  )
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
  const env = parsed.data
  if (env.JWT_SECRET !== undefined && env.NODE_ENV === 'production') {
    if (env.JWT_SECRET.length < 32 || WEAK_SECRETS.has(env.JWT_SECRET)) {
      throw new ConfigError(
        'JWT_SECRET is too weak for production: use at least 32 random characters',
      )
    }
  }
  const jwtSecret = env.JWT_SECRET ?? readOrCreateSecret(resolve(env.DATA_DIR))
  return Object.freeze(shapeConfig(env, jwtSecret, resolveVapidKeys(env)))
}

/** VAPID_* when both are set (checked), else the pair generated into DATA_DIR on first start. */
function resolveVapidKeys(env: z.infer<typeof Env>): VapidKeys {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = env
  if (publicKey === undefined && privateKey === undefined)
    return readOrCreateVapidKeys(resolve(env.DATA_DIR))
  if (publicKey === undefined || privateKey === undefined)
    throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together')
  const problem = findVapidKeyProblem({ publicKey, privateKey })
  if (problem) throw new ConfigError(`Invalid configuration:\n  ${problem}`)
  return { publicKey, privateKey }
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
  return secret
}

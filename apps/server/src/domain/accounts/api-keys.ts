import { createHash, randomBytes } from 'node:crypto'
import type { ApiKey, ApiKeyWithSecret } from '@placet/protocol'
import type { Database } from '../../store/database.ts'
import {
  deleteApiKey,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  replaceApiKeySecret,
  touchApiKey,
} from '../../store/api-keys.ts'
import { notFound } from '../errors.ts'
import type { EventBus } from '../events/event-bus.ts'
import { logger } from '../../logger.ts'
import { CredentialCache } from './credential-cache.ts'

const log = logger.child({ module: 'api-keys' })

/** lastUsedAt is written at most this often per key (spec 1.4). */
const TOUCH_INTERVAL_MS = 5 * 60_000
const KEY_FORMAT = /^hp_[0-9a-f]{48}$/

/** `hp_` + 48 lowercase hex (24 random bytes); only its sha256 is ever stored. */
function newSecret() {
  const key = `hp_${randomBytes(24).toString('hex')}`
  return { key, keyPrefix: key.slice(0, 11), keyHash: hashApiKey(key) }
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** Who an API key acts for. */
export type ApiKeyIdentity = { apiKeyId: string; userId: string }

/** API keys of dashboard users (spec 1.4, 3.3): shown once, stored hashed, rotated in place. */
export class ApiKeyService {
  private readonly lastTouched = new Map<string, number>()
  /** Found keys by hash: a known key is checked without a query. */
  private readonly known = new CredentialCache<ApiKeyIdentity>()

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
  ) {
    bus.onRevocation(({ kind, id }) => {
      if (kind === 'api-key') this.known.drop((identity) => identity.apiKeyId === id)
      // A deleted user takes their keys along.
      if (kind === 'user') this.known.drop((identity) => identity.userId === id)
    })
  }

  list(userId: string): Promise<ApiKey[]> {
    return this.db.read((tx) => listApiKeys(tx, userId))
  }

  async create(userId: string, label = 'Default'): Promise<ApiKeyWithSecret> {
    const { key, keyPrefix, keyHash } = newSecret()
    const apiKey = await this.db.transaction((tx) =>
      insertApiKey(tx, { userId, label, keyPrefix, keyHash }),
    )
    return { ...apiKey, key }
  }

  /** The old key stops working at once: its hash is replaced on the same row. */
  async rotate(userId: string, id: string): Promise<ApiKeyWithSecret> {
    const { key, keyPrefix, keyHash } = newSecret()
    const apiKey = await this.db.transaction((tx) =>
      replaceApiKeySecret(tx, userId, id, { keyPrefix, keyHash }),
    )
    if (!apiKey) throw notFound('API key not found')
    this.lastTouched.delete(id)
    await this.bus.revoke({ kind: 'api-key', id })
    return { ...apiKey, key }
  }

  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.db.transaction((tx) => deleteApiKey(tx, userId, id))
    if (!deleted) throw notFound('API key not found')
    this.lastTouched.delete(id)
    await this.bus.revoke({ kind: 'api-key', id })
  }

  /** Resolves a raw key to its user, or null; records use (debounced, off the request path). */
  async authenticate(key: string): Promise<ApiKeyIdentity | null> {
    if (!KEY_FORMAT.test(key)) return null
    const keyHash = hashApiKey(key)
    let identity = this.known.get(keyHash)
    if (!identity) {
      const ticket = this.known.ticket()
      const found = await this.db.read((tx) => findApiKeyByHash(tx, keyHash))
      if (!found) return null
      identity = { apiKeyId: found.id, userId: found.userId }
      this.known.remember(keyHash, identity, ticket)
    }
    this.touch(identity.apiKeyId)
    return identity
  }

  /** lastUsedAt moves at most every 5 minutes per key, written after the call goes on. */
  private touch(id: string): void {
    const now = Date.now()
    if (now - (this.lastTouched.get(id) ?? 0) < TOUCH_INTERVAL_MS) return
    this.lastTouched.set(id, now)
    this.db
      .transaction((tx) => touchApiKey(tx, id, new Date(now)))
      .catch((error: unknown) => log.warn({ err: error }, 'could not record the use of a key'))
  }
}

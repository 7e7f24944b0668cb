import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import webPush from 'web-push'

/** The application server's key pair for Web Push (RFC 8292), base64url as browsers take it. */
export type VapidKeys = { publicKey: string; privateKey: string }

/** Where the generated pair is kept, so subscriptions survive restarts. */
export const VAPID_KEYS_FILE = 'vapid-keys.json'

/** Why a pair is unusable, or null: an uncompressed P-256 public point and a 32-byte scalar. */
export function findVapidKeyProblem({ publicKey, privateKey }: VapidKeys): string | null {
  const publicBytes = Buffer.from(publicKey, 'base64url')
  if (!/^[\w-]+$/.test(publicKey) || publicBytes.length !== 65 || publicBytes[0] !== 4)
    return 'VAPID_PUBLIC_KEY: expected an uncompressed P-256 public key, base64url (87 characters)'
  if (!/^[\w-]+$/.test(privateKey) || Buffer.from(privateKey, 'base64url').length !== 32)
    return 'VAPID_PRIVATE_KEY: expected a 32-byte P-256 private key, base64url (43 characters)'
  return null
}

/**
 * The pair kept in `DATA_DIR/vapid-keys.json`, generated there on first start. A server that
 * loses the race to create the file (two starting at once on one DATA_DIR) reads the winner's.
 */
export function readOrCreateVapidKeys(dataDir: string): VapidKeys {
  const file = join(dataDir, VAPID_KEYS_FILE)
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    try {
      writeFileSync(file, JSON.stringify(webPush.generateVAPIDKeys()), { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  const { publicKey, privateKey } = JSON.parse(readFileSync(file, 'utf8')) as VapidKeys
  return { publicKey, privateKey }
}

/**
 * A push service of our own on loopback for the Web Push tests: the endpoint of a browser
 * subscription whose keys the test made, so it can decrypt what the server sends (RFC 8291)
 * and check the VAPID signature (RFC 8292). It answers as the test says (201 by default).
 */
import { createECDH, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PushNotification } from '@placet/protocol'
import { decrypt } from 'http_ece'
import { importJWK, jwtVerify } from 'jose'
import { WAIT_LIMIT_MS } from './harness.ts'

export type ReceivedPush = {
  headers: Record<string, string>
  notification: PushNotification
  /** The claims of the VAPID JWT, verified against `k=` of the Authorization header. */
  vapid: { publicKey: string; audience: string; subject: string }
}

export class PushReceiver {
  readonly received: ReceivedPush[] = []
  /** Why requests that could not be opened were refused (400), for the failure message. */
  readonly refused: string[] = []
  /** The browser side of the subscription: its ECDH key pair and auth secret. */
  private readonly ecdh = createECDH('prime256v1')
  private readonly authSecret = randomBytes(16)
  private status = 201
  private listeners: (() => void)[] = []

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {
    this.ecdh.generateKeys()
  }

  static async start(): Promise<PushReceiver> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const receiver = new PushReceiver(
      server,
      `http://127.0.0.1:${port}/push/${randomBytes(6).toString('hex')}`,
    )
    server.on('request', (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        void receiver.open(req.headers as Record<string, string>, Buffer.concat(chunks)).then(
          (push) => {
            receiver.received.push(push)
            for (const listener of receiver.listeners) listener()
            res.writeHead(receiver.status).end()
          },
          (error: unknown) => {
            receiver.refused.push(String(error))
            res.writeHead(400).end(String(error))
          },
        )
      })
    })
    return receiver
  }

  /** What the browser would post to `POST /api/push/subscribe`. */
  subscription() {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: {
        p256dh: this.ecdh.getPublicKey().toString('base64url'),
        auth: this.authSecret.toString('base64url'),
      },
    }
  }

  /** The status the next requests get (410 says the subscription is gone). */
  answerWith(status: number): void {
    this.status = status
  }

  /** The first received push that `matches`, waiting for it if need be. */
  waitFor(matches: (push: ReceivedPush) => boolean, what = 'a push'): Promise<ReceivedPush> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.received.find(matches)
        if (!found) return false
        clearTimeout(timer)
        this.listeners = this.listeners.filter((listener) => listener !== onPush)
        resolve(found)
        return true
      }
      const onPush = () => void check()
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((listener) => listener !== onPush)
        reject(new Error(`gave up waiting for ${what}; refused: ${this.refused.join('; ')}`))
      }, WAIT_LIMIT_MS)
      if (!check()) this.listeners.push(onPush)
    })
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async open(headers: Record<string, string>, body: Buffer): Promise<ReceivedPush> {
    if (headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm')
    const plain = decrypt(body, {
      version: 'aes128gcm',
      privateKey: this.ecdh,
      authSecret: this.authSecret,
    })
    const notification = PushNotification.parse(JSON.parse(plain.toString('utf8')))
    // Authorization: vapid t=<JWT>, k=<public key>
    const match = /^vapid t=([^,]+),\s*k=(.+)$/.exec(headers.authorization ?? '')
    if (!match) throw new Error('no VAPID authorization')
    const [, token, publicKey] = match as unknown as [string, string, string]
    const point = Buffer.from(publicKey, 'base64url')
    const key = await importJWK({
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
      alg: 'ES256',
    })
    const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] })
    return {
      headers,
      notification,
      vapid: { publicKey, audience: String(payload.aud), subject: String(payload.sub) },
    }
  }
}

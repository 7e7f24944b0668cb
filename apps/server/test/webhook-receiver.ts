/**
 * A real HTTP receiver on loopback for the webhook tests: records every request and answers as
 * the test says (a status, or never). Tests await what it receives instead of sleeping.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { WAIT_LIMIT_MS } from './harness.ts'

export type ReceivedWebhook = {
  path: string
  method: string
  headers: Record<string, string>
  /** The raw body, as signed. */
  body: string
  json: any
}

/** A status to answer with, or 'hang' to keep the request open until the receiver closes. */
export type Answer = number | 'hang'

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  private answer: (request: ReceivedWebhook, index: number) => Answer = () => 200
  private listeners: (() => void)[] = []

  private constructor(
    private readonly server: Server,
    readonly base: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    )
    server.on('request', (req, res) => {
      void receiver.read(req).then((request) => {
        const index = receiver.received.length
        receiver.received.push(request)
        for (const listener of receiver.listeners) listener()
        const answer = receiver.answer(request, index)
        if (answer !== 'hang')
          res.writeHead(answer, { 'content-type': 'application/json' }).end('{"ok":true}')
      })
    })
    return receiver
  }

  url(path = '/hook'): string {
    return `${this.base}${path}`
  }

  /** How to answer from now on; `index` counts every request this receiver got. */
  answerWith(answer: (request: ReceivedWebhook, index: number) => Answer): void {
    this.answer = answer
  }

  /** Requests at `path` so far. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path)
  }

  /**
   * Resolves once `count` requests at `path` have arrived; fails after `limitMs` (by default a
   * generous limit), naming what it waited for.
   */
  async waitFor(path: string, count = 1, limitMs = WAIT_LIMIT_MS): Promise<ReceivedWebhook[]> {
    if (this.at(path).length >= count) return this.at(path)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((entry) => entry !== check)
        const got = this.at(path).length
        reject(
          new Error(`expected ${count} webhook(s) at ${path} within ${limitMs} ms, got ${got}`),
        )
      }, limitMs)
      const check = () => {
        if (this.at(path).length < count) return
        clearTimeout(timer)
        this.listeners = this.listeners.filter((entry) => entry !== check)
        resolve(this.at(path))
      }
      this.listeners.push(check)
    })
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private async read(req: IncomingMessage): Promise<ReceivedWebhook> {
    let body = ''
    for await (const chunk of req) body += chunk
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      json = undefined
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    )
    return { path: req.url ?? '', method: req.method ?? '', headers, body, json }
  }
}

/** What a receiver written with the public `standardwebhooks` package would do. */
export function verifyWebhook(secret: string, request: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(request.body, request.headers)
}

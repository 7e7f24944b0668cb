import type { CreateAgentBody, CreateMessageBody, StoreTextBody } from '@placet/protocol'
import {
  AckResponse,
  Agent,
  Attachment,
  EventsPage,
  Message,
  MessagePage,
  WaitResult,
} from '@placet/protocol'
import type { z } from 'zod'
import { multipartBody, type FileInfo, type FileSource } from './file-upload-body.js'
import { PlacetError } from './placet-error.js'

/** A file being downloaded: its bytes as a stream, and what the server says about it. */
export type FileDownload = {
  body: ReadableStream<Uint8Array>
  filename: string
  mimeType: string
  /** Bytes in `body` (the range's length for a partial download). */
  size: number
}

export type PlacetClientOptions = {
  /** Base URL of the server, e.g. `http://localhost:3000`. */
  baseUrl: string
  /** An API key, `hp_…`. */
  apiKey: string
  /** Defaults to the global fetch. */
  fetch?: typeof fetch
}

/**
 * A typed client of the agent API (`/api/v1`); every answer is parsed with the protocol's
 * schemas, every failure is a {@link PlacetError}.
 *
 * @example
 * const placet = new PlacetClient({ baseUrl: 'http://localhost:3000', apiKey })
 * const message = await placet.sendMessage({ channelId, text: 'Deploy?', review: { type: 'approval' } })
 * const outcome = await placet.waitForReview(message.id, { channelId })
 */
export class PlacetClient {
  private readonly fetch: typeof fetch

  constructor(private readonly options: PlacetClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  }

  private async call<Schema extends z.ZodType>(
    schema: Schema,
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.infer<Schema>> {
    const response = await this.send(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
    return schema.parse(await response.json())
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/$/, '')}/api/v1${path}`, {
      ...init,
      headers: { 'x-api-key': this.options.apiKey, ...init.headers },
    })
    if (!response.ok) throw await PlacetError.fromResponse(response)
    return response
  }

  private async sendFile(
    path: string,
    channelId: string,
    source: FileSource,
    info: FileInfo,
  ): Promise<Attachment> {
    const { contentType, body } = await multipartBody({ channelId }, source, info)
    // `duplex` lets fetch send a stream without buffering it (not yet in TypeScript's DOM types).
    const init = { method: 'POST', headers: { 'content-type': contentType }, body, duplex: 'half' }
    return Attachment.parse(await (await this.send(path, init as RequestInit)).json())
  }

  /**
   * Sends a file as a new message of the channel (`POST /api/v1/files/upload`), streamed from
   * a path, bytes, a Blob or a stream.
   *
   * @example
   * const file = await placet.uploadFile(channelId, './screenshot.png')
   */
  uploadFile(channelId: string, source: FileSource, info: FileInfo = {}): Promise<Attachment> {
    return this.sendFile('/files/upload', channelId, source, info)
  }

  /**
   * Stores a file without a message (`POST /api/v1/files/store`): send it later with
   * `sendMessage({ channelId, attachmentIds: [file.id] })`.
   *
   * @example
   * const file = await placet.storeFile(channelId, createReadStream('log.txt'), { filename: 'log.txt' })
   */
  storeFile(channelId: string, source: FileSource, info: FileInfo = {}): Promise<Attachment> {
    return this.sendFile('/files/store', channelId, source, info)
  }

  /** Stores a text file without a message (`POST /api/v1/files/store-text`). */
  storeText(body: z.input<typeof StoreTextBody>): Promise<Attachment> {
    return this.call(Attachment, 'POST', '/files/store-text', body)
  }

  /** Every file of a channel, newest first (`GET /api/v1/files`). */
  listFiles(channelId: string): Promise<Attachment[]> {
    return this.call(Attachment.array(), 'GET', `/files${query({ channel: channelId })}`)
  }

  /**
   * Downloads a file as a stream, whole or a byte range (both ends inclusive).
   *
   * @example
   * const file = await placet.downloadFile(id)
   * await pipeline(Readable.fromWeb(file.body), createWriteStream(file.filename))
   */
  async downloadFile(
    id: string,
    options: { range?: { start: number; end: number }; signal?: AbortSignal } = {},
  ): Promise<FileDownload> {
    const { range, signal } = options
    const response = await this.send(`/files/${encodeURIComponent(id)}/download`, {
      headers: range ? { range: `bytes=${range.start}-${range.end}` } : {},
      signal,
    })
    return {
      body: response.body ?? new Blob([]).stream(),
      filename: filenameOf(response.headers.get('content-disposition')),
      mimeType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim(),
      size: Number(response.headers.get('content-length') ?? 0),
    }
  }

  listAgents(): Promise<Agent[]> {
    return this.call(Agent.array(), 'GET', '/agents')
  }

  createAgent(body: z.input<typeof CreateAgentBody>): Promise<Agent> {
    return this.call(Agent, 'POST', '/agents', body)
  }

  sendMessage(body: z.input<typeof CreateMessageBody>): Promise<Message> {
    return this.call(Message, 'POST', '/messages', body)
  }

  getMessage(id: string, channelId?: string): Promise<Message> {
    return this.call(
      Message,
      'GET',
      `/messages/${encodeURIComponent(id)}${query({ channel: channelId })}`,
    )
  }

  getMessages(params: {
    channelId: string
    limit?: number
    cursor?: string
    search?: string
  }): Promise<MessagePage> {
    const { channelId, ...rest } = params
    return this.call(MessagePage, 'GET', `/messages${query({ channel: channelId, ...rest })}`)
  }

  acknowledge(id: string, channelId?: string): Promise<AckResponse> {
    return this.call(
      AckResponse,
      'POST',
      `/messages/${encodeURIComponent(id)}/ack${query({ channel: channelId })}`,
      {},
    )
  }

  /** Events after `after` (sequence number): what a client missed while away. */
  getEvents(params: { after: number; channelId?: string; limit?: number }): Promise<EventsPage> {
    return this.call(
      EventsPage,
      'GET',
      `/events${query({ after: params.after, channel: params.channelId, limit: params.limit })}`,
    )
  }

  /**
   * Waits for a person to answer a review: repeats the server's long-poll until the review is
   * completed, expired or cancelled, or until `timeoutMs` (default: no limit) passes.
   */
  async waitForReview(
    id: string,
    options: { channelId?: string; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<WaitResult> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs
    for (;;) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) return { status: 'timeout' }
      const hold = Math.min(30_000, remaining)
      const path = `/reviews/${encodeURIComponent(id)}/wait${query({ channel: options.channelId, timeout: hold })}`
      const result = await this.call(WaitResult, 'GET', path, undefined, options.signal)
      if (result.status !== 'timeout') return result
    }
  }
}

/** The exact name from `filename*=UTF-8''…` (RFC 6266), else the plain `filename`. */
function filenameOf(disposition: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')
  if (encoded) return decodeURIComponent(encoded[1]!)
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] ?? 'file'
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  )
  return entries.length
    ? `?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)]))}`
    : ''
}

import type {
  CreateAgentBody,
  CreateMessageBody,
  CreateStatusEventBody,
  SetManagementBody,
  SetSubagentBody,
  SetTagBody,
  SetWebhookBody,
  StatusPingBody,
  UpdateAgentBody,
  UpdateStreamBody,
  AgentCommand,
  StoreTextBody,
} from '@placet/protocol'
import {
  AckResponse,
  Agent,
  AgentWithWebhookSecret,
  Attachment,
  DeletedResponse,
  EventsPage,
  IterationChain,
  Message,
  MessagePage,
  MessageStatusEvent,
  WaitResult,
  WebhookDeliveryPage,
} from '@placet/protocol'
import { z } from 'zod'
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

/** An agent as answered by calls that may create its webhook secret (shown that once). */
const AgentOrSecret = z.union([AgentWithWebhookSecret, Agent])
type AgentOrSecret = z.infer<typeof AgentOrSecret>

/** The server holds one long-poll at most this long (spec 2.2). */
const LONG_POLL_HOLD_MS = 30_000

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
  readonly baseUrl: string
  private readonly fetch: typeof fetch

  constructor(protected readonly options: PlacetClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '')
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
    const response = await this.fetch(`${this.baseUrl}/api/v1${path}`, {
      ...init,
      headers: { 'x-api-key': this.options.apiKey, ...init.headers },
    })
    if (!response.ok) throw await PlacetError.fromResponse(response)
    return response
  }

  // --- Files (spec 2.5) ----------------------------------------------------------------------

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

  // --- Messages (spec 2.1) -------------------------------------------------------------------

  /** Sends a message or a review; see the `request…` helpers of {@link Placet} to also wait. */
  sendMessage(body: z.input<typeof CreateMessageBody>): Promise<Message> {
    return this.call(Message, 'POST', '/messages', body)
  }

  getMessage(id: string, channelId?: string): Promise<Message> {
    return this.call(Message, 'GET', `/messages/${encode(id)}${query({ channel: channelId })}`)
  }

  getMessages(params: {
    channelId: string
    limit?: number
    cursor?: string
    search?: string
    hasAttachments?: boolean
  }): Promise<MessagePage> {
    const { channelId, hasAttachments, ...rest } = params
    return this.call(
      MessagePage,
      'GET',
      `/messages${query({ channel: channelId, has_attachments: hasAttachments ? 'true' : undefined, ...rest })}`,
    )
  }

  /** Retracts a message (400 when it is part of a chain with other members). */
  deleteMessage(id: string, channelId?: string): Promise<DeletedResponse> {
    return this.call(
      DeletedResponse,
      'DELETE',
      `/messages/${encode(id)}${query({ channel: channelId })}`,
    )
  }

  /** Marks a message `agent_received`, which the dashboard shows as read by the agent. */
  acknowledge(id: string, channelId?: string): Promise<AckResponse> {
    return this.call(
      AckResponse,
      'POST',
      `/messages/${encode(id)}/ack${query({ channel: channelId })}`,
      {},
    )
  }

  getIterationChain(id: string, channelId?: string): Promise<IterationChain> {
    return this.call(
      IterationChain,
      'GET',
      `/messages/iterations/${encode(id)}${query({ channel: channelId })}`,
    )
  }

  /** Replaces a streaming draft's text (the full text so far), completes or aborts it. */
  updateStream(streamId: string, body: z.input<typeof UpdateStreamBody>): Promise<Message> {
    return this.call(Message, 'PATCH', `/messages/streams/${encode(streamId)}`, body)
  }

  /** Adds a persistent progress step to a streamed turn. */
  addStreamStatus(
    streamId: string,
    body: z.input<typeof CreateStatusEventBody>,
  ): Promise<MessageStatusEvent> {
    return this.call(
      MessageStatusEvent,
      'POST',
      `/messages/streams/${encode(streamId)}/status`,
      body,
    )
  }

  // --- Reviews (spec 2.2) --------------------------------------------------------------------

  getPendingReviews(channelId?: string): Promise<Message[]> {
    return this.call(Message.array(), 'GET', `/reviews/pending${query({ channel: channelId })}`)
  }

  getReview(id: string, channelId?: string): Promise<Message> {
    return this.call(Message, 'GET', `/reviews/${encode(id)}${query({ channel: channelId })}`)
  }

  /** Withdraws a pending review; waiting agents then get `cancelled`. */
  cancelReview(id: string, channelId?: string): Promise<Message> {
    return this.call(
      Message,
      'POST',
      `/reviews/${encode(id)}/cancel${query({ channel: channelId })}`,
      {},
    )
  }

  /** One long-poll of `GET /reviews/:id/wait`: held up to `timeoutMs` (at most 30 s). */
  pollReview(
    id: string,
    options: { channelId?: string; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<WaitResult> {
    const timeout = Math.min(LONG_POLL_HOLD_MS, options.timeoutMs ?? LONG_POLL_HOLD_MS)
    const path = `/reviews/${encode(id)}/wait${query({ channel: options.channelId, timeout })}`
    return this.call(WaitResult, 'GET', path, undefined, options.signal)
  }

  /**
   * Waits for a person to answer a review over REST only: repeats the long-poll until the review
   * is completed, expired or cancelled, or until `timeoutMs` (default: no limit) passes.
   */
  async waitForReview(
    id: string,
    options: { channelId?: string; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<WaitResult> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs
    for (;;) {
      const remaining = deadline - Date.now()
      if (remaining <= 0) return { status: 'timeout' }
      const result = await this.pollReview(id, { ...options, timeoutMs: remaining })
      if (result.status !== 'timeout') return result
    }
  }

  // --- Agents, status, events (spec 2.3, 2.4, 5) ---------------------------------------------

  listAgents(): Promise<Agent[]> {
    return this.call(Agent.array(), 'GET', '/agents')
  }

  /** Creates an agent (a channel); with a `webhookUrl` the answer has its `webhookSecret`. */
  createAgent(body: z.input<typeof CreateAgentBody>): Promise<AgentOrSecret> {
    return this.call(AgentOrSecret, 'POST', '/agents', body)
  }

  updateAgent(id: string, body: z.input<typeof UpdateAgentBody>): Promise<AgentOrSecret> {
    return this.call(AgentOrSecret, 'PATCH', `/agents/${encode(id)}`, body)
  }

  deleteAgent(id: string): Promise<DeletedResponse> {
    return this.call(DeletedResponse, 'DELETE', `/agents/${encode(id)}`)
  }

  /** Registers the channel webhook; a first registration answers with the signing secret. */
  setWebhook(body: z.input<typeof SetWebhookBody>): Promise<AgentOrSecret> {
    return this.call(AgentOrSecret, 'POST', '/agents/setWebhook', body)
  }

  deleteWebhook(channelId: string): Promise<Agent> {
    return this.call(Agent, 'POST', '/agents/deleteWebhook', { channelId })
  }

  /** A new signing secret; the old one stays valid for a while so receivers can switch. */
  rotateWebhookSecret(channelId: string): Promise<AgentWithWebhookSecret> {
    return this.call(AgentWithWebhookSecret, 'POST', '/agents/rotateWebhookSecret', { channelId })
  }

  setTag(body: z.input<typeof SetTagBody>): Promise<Agent> {
    return this.call(Agent, 'POST', '/agents/setTag', body)
  }

  setManagement(body: z.input<typeof SetManagementBody>): Promise<Agent> {
    return this.call(Agent, 'POST', '/agents/setManagement', body)
  }

  /** Makes a channel a sub-agent of another one, or top-level again. */
  setSubagent(body: z.input<typeof SetSubagentBody>): Promise<Agent> {
    return this.call(Agent, 'POST', '/agents/setSubagent', body)
  }

  setCommands(id: string, commands: AgentCommand[]): Promise<Agent> {
    return this.call(Agent, 'PUT', `/agents/${encode(id)}/commands`, { commands })
  }

  /** The channel webhook's delivery log, newest first. */
  listWebhookDeliveries(
    id: string,
    params: { cursor?: string; limit?: number } = {},
  ): Promise<WebhookDeliveryPage> {
    return this.call(
      WebhookDeliveryPage,
      'GET',
      `/agents/${encode(id)}/webhook-deliveries${query(params)}`,
    )
  }

  /** Reports the agent's status; the server sets it `offline` after a silence. */
  pingStatus(body: z.input<typeof StatusPingBody>): Promise<Agent> {
    return this.call(Agent, 'POST', '/status/ping', body)
  }

  /** Events after `after` (sequence number): what a client missed while away. */
  getEvents(params: { after: number; channelId?: string; limit?: number }): Promise<EventsPage> {
    return this.call(
      EventsPage,
      'GET',
      `/events${query({ after: params.after, channel: params.channelId, limit: params.limit })}`,
    )
  }
}

function encode(segment: string): string {
  return encodeURIComponent(segment)
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

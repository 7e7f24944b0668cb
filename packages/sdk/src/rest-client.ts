import type { CreateAgentBody, CreateMessageBody } from '@placet/protocol'
import { AckResponse, Agent, EventsPage, Message, MessagePage, WaitResult } from '@placet/protocol'
import type { z } from 'zod'
import { PlacetError } from './placet-error.js'

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
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/$/, '')}/api/v1${path}`, {
      method,
      headers: {
        'x-api-key': this.options.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    })
    if (!response.ok) throw await PlacetError.fromResponse(response)
    return schema.parse(await response.json())
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

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(
    (entry): entry is [string, string | number] => entry[1] !== undefined,
  )
  return entries.length
    ? `?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)]))}`
    : ''
}

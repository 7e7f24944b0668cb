import type {
  ApprovalOption,
  FormField,
  Message,
  ReviewRequest,
  SelectionItem,
} from '@placet/protocol'
import type { ManagerOptions, SocketOptions } from 'socket.io-client'
import { startKeepAlive, type KeepAlive, type KeepAliveOptions } from './keep-alive.js'
import { MessageStream } from './message-stream.js'
import { PlacetRealtime } from './realtime-client.js'
import { PlacetClient, type PlacetClientOptions } from './rest-client.js'
import {
  toFormAnswer,
  type ApprovalAnswer,
  type ApprovalRequest,
  type FormAnswer,
  type FormDismissal,
  type FormRequest,
  type FreeformRequest,
  type ReviewOutcome,
  type ReviewRequestOptions,
  type SelectionAnswer,
  type SelectionRequest,
  type TextRequest,
} from './review-requests.js'
import { waitForReviewEnd } from './review-waiter.js'

export type PlacetOptions = PlacetClientOptions & {
  /** The channel (agent id) used when a call names none. */
  channelId?: string
  /** `false` waits over REST long-polls only; default: the socket first. */
  realtime?: boolean
  socketOptions?: Partial<ManagerOptions & SocketOptions>
}

/** Placet's own buttons when an approval has none (spec 1.6). */
type DefaultApprovalOptions = readonly [
  { id: 'approve'; label: string },
  { id: 'reject'; label: string },
]

/**
 * The agent SDK: the whole agent API of {@link PlacetClient}, plus helpers that ask a person
 * and wait for the answer, streamed replies and a heartbeat. Waits use the socket first and
 * long-polls whenever it is down, resume from the event log after a disconnect or a server
 * restart, hand each answer over once and acknowledge it (`agent_received`).
 *
 * @example
 * const placet = new Placet({ baseUrl: 'http://localhost:3000', apiKey, channelId })
 * const outcome = await placet.requestApproval({ text: 'Deploy v2 to production?' })
 * if (outcome.status === 'completed' && outcome.response.selectedOption === 'approve') deploy()
 * placet.close()
 */
export class Placet extends PlacetClient {
  private socketClient: PlacetRealtime | undefined

  constructor(private readonly settings: PlacetOptions) {
    super(settings)
  }

  /** The socket, opened on first use; `undefined` when `realtime: false`. */
  get realtime(): PlacetRealtime | undefined {
    if (this.settings.realtime === false) return undefined
    this.socketClient ??= new PlacetRealtime({
      baseUrl: this.baseUrl,
      apiKey: this.settings.apiKey,
      socketOptions: this.settings.socketOptions,
    })
    return this.socketClient
  }

  /** Asks for an approval; the answer's `selectedOption` is one of the option ids given. */
  async requestApproval<const Options extends readonly ApprovalOption[] = DefaultApprovalOptions>(
    request: ApprovalRequest<Options> = {},
  ): Promise<ReviewOutcome<ApprovalAnswer<Options[number]['id']>>> {
    const { options, allowComment } = request
    const payload =
      options || allowComment !== undefined
        ? { ...(options ? { options: [...options] } : {}), allowComment }
        : undefined
    // The server checked the answer against these options before accepting it.
    return this.ask(
      request,
      { type: 'approval', payload },
      (response) => response as ApprovalAnswer<Options[number]['id']>,
    )
  }

  /** Asks to pick one (`mode: 'single'`, the default) or several items. */
  async requestSelection<const Items extends readonly SelectionItem[]>(
    request: SelectionRequest<Items>,
  ): Promise<ReviewOutcome<SelectionAnswer<Items[number]['id']>>> {
    const payload = { mode: request.mode ?? 'single', items: [...request.items] }
    return this.ask(
      request,
      { type: 'selection', payload },
      (response) => response as SelectionAnswer<Items[number]['id']>,
    )
  }

  /**
   * Asks to fill in a form; the answer is typed by the fields (`answer.email` a string, a
   * `number` field a number). A dismissed form answers `{dismissed: true}`.
   */
  async requestForm<const Fields extends readonly FormField[]>(
    request: FormRequest<Fields>,
  ): Promise<ReviewOutcome<FormAnswer<Fields> | FormDismissal>> {
    const { fields, submitLabel, dismissLabel } = request
    const payload = { fields: [...fields], submitLabel, dismissLabel }
    return this.ask(request, { type: 'form', payload }, (response) =>
      response._dismissed === true
        ? { dismissed: true }
        : (toFormAnswer(fields, response) as FormAnswer<Fields>),
    )
  }

  /** Asks for a text (`{text}`), optionally prefilled and with length limits. */
  async requestText(request: TextRequest = {}): Promise<ReviewOutcome<{ text: string }>> {
    const { placeholder, prefill, markdown, minLength, maxLength } = request
    const payload = { placeholder, prefill, markdown, minLength, maxLength }
    return this.ask(request, { type: 'text-input', payload }, (response) => ({
      text: String(response.text ?? ''),
    }))
  }

  /** Asks with any JSON payload (a plugin's UI); the answer is the JSON object sent back. */
  async requestFreeform(
    request: FreeformRequest = {},
  ): Promise<ReviewOutcome<Record<string, unknown>>> {
    return this.ask(request, { type: 'freeform', payload: request.payload }, (response) => response)
  }

  /**
   * Waits for the end of a review sent earlier (by id), over the socket or long-polls, through
   * reconnects and restarts; acknowledges an answer once it is in hand.
   */
  async waitForAnswer(
    messageId: string,
    options: { channelId?: string; signal?: AbortSignal } = {},
  ): Promise<ReviewOutcome<Record<string, unknown>>> {
    const channelId = this.channelOf(options.channelId)
    const end = await waitForReviewEnd({
      client: this,
      realtime: this.realtime,
      messageId,
      channelId,
      signal: options.signal,
    })
    if (end.status !== 'completed') return { status: end.status, messageId }
    await this.acknowledge(messageId, channelId).catch(() => {
      // The receipt is a courtesy to the dashboard; the answer is already in hand.
    })
    return {
      status: 'completed',
      messageId,
      response: end.message.review?.response ?? {},
      respondedBy: end.message.review?.respondedBy ?? null,
    }
  }

  /**
   * Starts a streamed reply in a channel: append text as it comes, add status steps, then
   * complete or abort it.
   */
  stream(
    channelId?: string,
    options: { text?: string; throttleMs?: number; streamId?: string } = {},
  ): Promise<MessageStream> {
    return MessageStream.start({
      client: this,
      realtime: this.realtime,
      channelId: this.channelOf(channelId),
      ...options,
    })
  }

  /** Pings the agent's status now and every `every` ms (default 60 s) until stopped. */
  keepAlive(options: Partial<KeepAliveOptions> = {}): KeepAlive {
    return startKeepAlive(this, { ...options, agentId: this.channelOf(options.agentId) })
  }

  /** Closes the socket; pending waits fall back to long-polls. */
  close(): void {
    this.socketClient?.close()
  }

  private channelOf(channelId: string | undefined): string {
    const resolved = channelId ?? this.settings.channelId
    if (!resolved) throw new Error('No channelId given and no default channelId configured')
    return resolved
  }

  private async ask<Response>(
    request: ReviewRequestOptions,
    review: Pick<ReviewRequest, 'type'> & { payload?: object },
    toResponse: (response: Record<string, unknown>) => Response,
  ): Promise<ReviewOutcome<Response>> {
    const channelId = this.channelOf(request.channelId)
    const message: Message = await this.sendMessage({
      channelId,
      text: request.text,
      metadata: request.metadata,
      review: { ...review, expiresInSeconds: request.expiresInSeconds } as ReviewRequest,
    })
    const outcome = await this.waitForAnswer(message.id, { channelId, signal: request.signal })
    return outcome.status === 'completed'
      ? { ...outcome, response: toResponse(outcome.response) }
      : outcome
  }
}

import type { Message, MessageStatusEvent } from '@placet/protocol'
import type { PlacetRealtime } from './realtime-client.js'
import type { PlacetClient } from './rest-client.js'

/** Placet asks agents to PATCH a draft a few times a second at most (spec 2.1). */
const DEFAULT_THROTTLE_MS = 250

/**
 * A streamed reply: a draft message whose text grows. Each {@link append} goes out at once as a
 * `message:delta` over the socket (token-level UI, not stored) and, throttled, as a PATCH of the
 * full text (stored, so a reload or a late reader sees it). {@link complete} or {@link abort}
 * ends it. Made by `placet.stream(channelId)`.
 *
 * @example
 * const reply = await placet.stream(channelId)
 * for await (const token of llm) reply.append(token)
 * await reply.complete()
 */
export class MessageStream {
  private text: string
  private sentText: string
  private timer: ReturnType<typeof setTimeout> | undefined
  private inFlight: Promise<unknown> = Promise.resolve()
  private lastPatchAt = 0
  private isEnded = false

  private constructor(
    private readonly client: PlacetClient,
    private readonly realtime: PlacetRealtime | undefined,
    readonly channelId: string,
    readonly streamId: string,
    readonly startedAt: string,
    readonly draft: Message,
    private readonly throttleMs: number,
  ) {
    this.text = draft.text ?? ''
    this.sentText = this.text
  }

  /** Starts the draft (`streamState: 'streaming'`) with the first text, if any. */
  static async start(input: {
    client: PlacetClient
    realtime: PlacetRealtime | undefined
    channelId: string
    text?: string
    streamId?: string
    throttleMs?: number
  }): Promise<MessageStream> {
    const streamId = input.streamId ?? globalThis.crypto.randomUUID()
    const startedAt = new Date().toISOString()
    const draft = await input.client.sendMessage({
      channelId: input.channelId,
      text: input.text ?? '',
      streamId,
      streamState: 'streaming',
      streamStartedAt: startedAt,
    })
    return new MessageStream(
      input.client,
      input.realtime,
      input.channelId,
      streamId,
      startedAt,
      draft,
      input.throttleMs ?? DEFAULT_THROTTLE_MS,
    )
  }

  /** The text so far. */
  get currentText(): string {
    return this.text
  }

  /** Adds text: a delta over the socket now, the stored draft within the throttle. */
  append(delta: string): void {
    if (this.isEnded) throw new Error('The stream has ended')
    if (!delta) return
    this.text += delta
    if (this.realtime?.socket.connected) {
      this.realtime.socket.emit('message:delta', {
        channelId: this.channelId,
        delta,
        streamId: this.streamId,
        streamBaseId: this.streamId,
        streamStartedAt: this.startedAt,
      })
    }
    this.schedulePatch()
  }

  /** A persistent progress step ("Reading files…"), shown with the reply. */
  status(text: string, options: { toolHint?: boolean } = {}): Promise<MessageStatusEvent> {
    return this.client.addStreamStatus(this.streamId, {
      channelId: this.channelId,
      text,
      toolHint: options.toolHint,
    })
  }

  /** Stores the full text and marks the reply complete. */
  complete(finalText?: string): Promise<Message> {
    if (finalText !== undefined) this.text = finalText
    return this.end({ complete: true })
  }

  /** Marks the reply aborted, keeping the text so far. */
  abort(): Promise<Message> {
    return this.end({ streamState: 'aborted' })
  }

  private async end(change: { complete: true } | { streamState: 'aborted' }): Promise<Message> {
    if (this.isEnded) throw new Error('The stream has ended')
    this.isEnded = true
    clearTimeout(this.timer)
    // PATCHes must not overtake each other: an earlier full text would overwrite the final one.
    await this.inFlight.catch(() => undefined)
    const message = await this.client.updateStream(this.streamId, {
      channelId: this.channelId,
      text: this.text,
      ...change,
    })
    if (this.realtime?.socket.connected) {
      this.realtime.socket.emit('message:delta', {
        channelId: this.channelId,
        delta: '',
        streamId: this.streamId,
        streamBaseId: this.streamId,
        streamEnd: true,
      })
    }
    return message
  }

  private schedulePatch(): void {
    if (this.timer || this.isEnded) return
    const wait = Math.max(0, this.lastPatchAt + this.throttleMs - Date.now())
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.inFlight = this.inFlight.then(() => this.patch())
    }, wait)
  }

  private async patch(): Promise<void> {
    if (this.isEnded || this.text === this.sentText) return
    const text = this.text
    this.lastPatchAt = Date.now()
    try {
      await this.client.updateStream(this.streamId, { channelId: this.channelId, text })
      this.sentText = text
    } catch {
      // A lost intermediate PATCH costs nothing: the next one, or complete(), sends the full text.
    }
    if (this.text !== this.sentText) this.schedulePatch()
  }
}

import type {
  CreateMessageBody,
  CreateUserMessageBody,
  Message,
  TextAttachment,
} from '@placet/protocol'
import type { Config } from '../../config.ts'
import { insertAttachment, linkOrphanAttachments } from '../../store/attachments.ts'
import type { Database, Tx } from '../../store/database.ts'
import { isUniqueViolation, lockKey } from '../../store/locks.ts'
import {
  findMessageByClientId,
  findMessageByStream,
  findMessage,
  insertMessage,
  toMessage,
  updateMessage,
  type MessageRecord,
} from '../../store/messages.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'
import type { EventLog } from '../events/event-log.ts'
import type { FileStorage, StoredFile } from '../files/file-storage.ts'
import { writeTextFile } from '../files/text-content.ts'
import { placeInChain } from './iterations.ts'
import { emitMessage, type Emit, type EventChannel } from '../events/message-events.ts'
import { withTextContent } from './message-views.ts'
import { resolveReviewExpiry } from '../reviews/review-expiry.ts'
import { newReview, pluginOfReview } from '../reviews/review-records.ts'
import { findWebhookUrlProblem } from '../webhooks/webhook-url-guard.ts'

/** A unique index refusing a concurrent twin: the whole change is run once more, which then finds it. */
const ATTEMPTS_ON_UNIQUE_VIOLATION = 2

/**
 * Posting messages: agents through `POST /api/v1/messages` (spec 2.1) and people through
 * `POST /api/messages` (spec 3.5). Each post, its files, its chain position and its
 * `message:created` event commit together.
 */
export class MessagePosting {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly storage: FileStorage,
    private readonly config: Config,
  ) {}

  /**
   * Creates an agent's message or review, or returns the one a retry already created.
   * `uploaded` files (already stored, `POST /api/v1/files/upload`) are attached to it.
   */
  async createFromAgent(
    userId: string,
    body: CreateMessageBody,
    uploaded: StoredFile[] = [],
  ): Promise<Message> {
    const now = new Date()
    // Everything that needs no database is checked first, so bad input stores nothing.
    const expiresAt = body.review
      ? resolveReviewExpiry(body.review, now, this.config.reviews)
      : null
    const metadata = metadataOf(body)
    await this.assertWebhookTarget(metadata?.webhookUrl, ['webhookUrl'])
    await this.assertWebhookTarget(body.review?.callback?.url, ['review', 'callback', 'url'])
    const clientId = body.clientId ?? legacyClientId(body.metadata)

    const files = [...uploaded, ...(await this.storeTextAttachments(body.textAttachments ?? []))]
    let outcome: { message: Message; isReplay: boolean }
    try {
      outcome = await this.retryOnUniqueViolation(() =>
        this.eventLog.change(async (tx, emit) => {
          const agent = await requireOwnedChannel(tx, userId, body.channelId)
          if (clientId)
            await lockKey(tx, this.db.provider, `message:${agent.id}:client:${clientId}`)
          const existing =
            (clientId ? await findMessageByClientId(tx, agent.id, clientId, 'agent') : null) ??
            (body.streamId ? await findMessageByStream(tx, agent.id, body.streamId) : null)
          if (existing)
            return { message: await replay(tx, emit, existing, body, agent, now), isReplay: true }

          const chain = body.iterationOf
            ? await placeInChain(tx, this.db.provider, agent.id, body.iterationOf)
            : null
          if (chain?.backfilledRoot)
            emitMessage(emit, 'message:updated', toMessage(chain.backfilledRoot), agent)
          const streamStartedAt = body.streamStartedAt ? new Date(body.streamStartedAt) : null
          const inserted = await insertMessage(tx, {
            channelId: agent.id,
            senderType: 'agent',
            senderId: agent.id,
            text: body.text ?? null,
            status: body.status ?? null,
            review: body.review && expiresAt ? newReview(body.review, expiresAt) : null,
            metadata,
            iterationGroupId: chain?.iterationGroupId ?? null,
            iteration: chain?.iteration ?? null,
            clientId: clientId ?? null,
            streamId: body.streamId ?? null,
            streamState: body.streamState ?? null,
            // The reply sorts where its stream began, before what people wrote meanwhile (2.1);
            // a start in the future would pin it above everything, so it is clamped to now.
            createdAt: streamStartedAt && streamStartedAt < now ? streamStartedAt : now,
            updatedAt: now,
          })
          const { id } = inserted
          const linked = await linkOrphanAttachments(tx, agent.id, id, body.attachmentIds ?? [])
          for (const file of files)
            await insertAttachment(tx, { ...file, messageId: id, channelId: agent.id })
          const stored = linked + files.length > 0 ? (await findMessage(tx, id))! : inserted
          const message = toMessage(stored)
          emitMessage(emit, 'message:created', message, agent)
          return { message, isReplay: false }
        }),
      )
    } catch (error) {
      await this.storage.remove(files.map((file) => file.storageKey))
      throw error
    }
    if (outcome.isReplay) await this.storage.remove(files.map((file) => file.storageKey))
    return withTextContent(this.storage, outcome.message)
  }

  /**
   * A person writes in a channel they own (spec 3.5); `clientId` makes retries safe.
   * `uploaded` files (already stored, `POST /api/files/upload`) are attached to it.
   */
  async createFromUser(
    userId: string,
    body: CreateUserMessageBody,
    uploaded: StoredFile[] = [],
  ): Promise<Message> {
    const now = new Date()
    return this.retryOnUniqueViolation(() =>
      this.eventLog.change(async (tx, emit) => {
        const agent = await requireOwnedChannel(tx, userId, body.channelId)
        if (body.clientId) {
          await lockKey(tx, this.db.provider, `message:${agent.id}:client:${body.clientId}`)
          const existing = await findMessageByClientId(tx, agent.id, body.clientId, 'user')
          if (existing) return toMessage(existing)
        }
        const inserted = await insertMessage(tx, {
          channelId: agent.id,
          senderType: 'user',
          senderId: userId,
          text: body.text ?? null,
          clientId: body.clientId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        const { id } = inserted
        const linked = await linkOrphanAttachments(tx, agent.id, id, body.attachmentIds ?? [])
        for (const file of uploaded)
          await insertAttachment(tx, { ...file, messageId: id, channelId: agent.id })
        const stored = linked + uploaded.length > 0 ? (await findMessage(tx, id))! : inserted
        const message = toMessage(stored)
        emit({
          type: 'message:created',
          userId: agent.ownerId,
          channelId: agent.id,
          payload: message,
        })
        return message
      }),
    )
  }

  /** Inline text files are written before the transaction (no disk I/O while it is open). */
  private async storeTextAttachments(inline: TextAttachment[]): Promise<StoredFile[]> {
    const stored: StoredFile[] = []
    try {
      for (const file of inline) stored.push(await writeTextFile(this.storage, file))
    } catch (error) {
      await this.storage.remove(stored.map((file) => file.storageKey))
      throw error
    }
    return stored
  }

  /** The SSRF guard at registration time (spec 9.1.4): webhooks go only where they may. */
  private async assertWebhookTarget(url: unknown, path: string[]): Promise<void> {
    if (typeof url !== 'string') return
    const problem = await findWebhookUrlProblem(url, this.config.webhooks.allowPrivate)
    if (problem)
      throw new AppError(400, `Webhook URL refused: ${problem}`, [
        { code: 'ssrf', message: problem, path },
      ])
  }

  private async retryOnUniqueViolation<Result>(run: () => Promise<Result>): Promise<Result> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run()
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= ATTEMPTS_ON_UNIQUE_VIOLATION) throw error
      }
    }
  }
}

/**
 * A retried post returns the first one unchanged (spec 2.1), with one exception: a draft that
 * is still streaming is closed as aborted when the retry says so, with its text replaced.
 */
async function replay(
  tx: Tx,
  emit: Emit,
  existing: MessageRecord,
  body: CreateMessageBody,
  agent: EventChannel,
  now: Date,
): Promise<Message> {
  if (existing.streamState !== 'streaming' || body.streamState !== 'aborted')
    return toMessage(existing)
  const row = await updateMessage(tx, existing.id, {
    text: body.text ?? existing.text,
    streamState: 'aborted',
    updatedAt: now,
  })
  const message = toMessage(row)
  emitMessage(emit, 'message:updated', message, agent)
  return message
}

/**
 * The stored metadata: as given, plus the reserved keys Placet fills in (spec 1.5, 1.6): the
 * per-message webhook and the plugin of a freeform review (unless the agent set one).
 */
function metadataOf(body: CreateMessageBody): Record<string, unknown> | null {
  const metadata: Record<string, unknown> = { ...body.metadata }
  if (body.webhookUrl) metadata.webhookUrl = body.webhookUrl
  const plugin = pluginOfReview(body.review)
  if (plugin && metadata.plugin === undefined) metadata.plugin = plugin
  return Object.keys(metadata).length > 0 || body.metadata ? metadata : null
}

/** Old agents put their idempotency key in `metadata.clientId` (spec 1.5, "legacy clientId"). */
function legacyClientId(metadata: Record<string, unknown> | undefined): string | undefined {
  const value = metadata?.clientId
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined
}

import type {
  RetryResponse,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookDeliveryLogQuery,
  WebhookDeliveryPage,
} from '@placet/protocol'
import type { Database, Tx } from '../../store/database.ts'
import { findMessageEvent } from '../../store/events.ts'
import {
  findDelivery,
  findLatestMessageDelivery,
  isDeliveryOf,
  isUserDelivery,
  listAgentDeliveries,
  listUserDeliveries,
  requeueDelivery,
} from '../../store/webhook-deliveries.ts'
import { findWebhookMessage } from '../../store/webhook-messages.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'
import { enqueueWebhookDelivery } from './webhook-outbox.ts'

/** How far before a message its `message:created` event may be stamped (clock of the row vs. the log). */
const EVENT_CLOCK_SLACK_MS = 60_000

/**
 * The delivery log and manual replay (issue 5, spec 3.5 retry): what the owner of an agent may
 * see and do with its webhook deliveries. Every call checks ownership of the agent first.
 */
export class WebhookDeliveryService {
  private readonly requeueListeners = new Set<() => void>()

  constructor(private readonly db: Database) {}

  /** Calls `listener` when a delivery is due again by hand (the worker wakes); returns the stop. */
  onRequeue(listener: () => void): () => void {
    this.requeueListeners.add(listener)
    return () => this.requeueListeners.delete(listener)
  }

  private wakeWorker(): void {
    for (const listener of this.requeueListeners) listener()
  }

  /** An agent's deliveries with their attempts, newest first. */
  async listForAgent(
    userId: string,
    agentId: string,
    query: WebhookDeliveryListQuery,
  ): Promise<WebhookDeliveryPage> {
    return this.db.read(async (tx) => {
      await requireOwnedChannel(tx, userId, agentId)
      if (query.cursor && !(await isDeliveryOf(tx, query.cursor, agentId)))
        throw new AppError(400, 'Invalid cursor')
      return listAgentDeliveries(tx, agentId, query)
    })
  }

  /** Deliveries of all the user's agents, newest first (the Logs page, issue 10). */
  async listForUser(userId: string, query: WebhookDeliveryLogQuery): Promise<WebhookDeliveryPage> {
    return this.db.read(async (tx) => {
      if (query.cursor && !(await isUserDelivery(tx, query.cursor, userId)))
        throw new AppError(400, 'Invalid cursor')
      return listUserDeliveries(tx, userId, { agentId: query.agent, state: query.state }, query)
    })
  }

  async get(userId: string, id: string): Promise<WebhookDelivery> {
    return this.db.read((tx) => this.requireOwnedDelivery(tx, userId, id))
  }

  /** Sends the same delivery again now: same `webhook-id` and body, a fresh retry schedule. */
  async replay(userId: string, id: string): Promise<WebhookDelivery> {
    const delivery = await this.db.transaction(async (tx) => {
      await this.requireOwnedDelivery(tx, userId, id)
      await this.requeue(tx, id)
      return (await findDelivery(tx, id))!
    })
    this.wakeWorker()
    return delivery
  }

  /**
   * `POST /api/messages/:id/retry` (spec 3.5): sends an answered review's `review:responded`,
   * or a person's `message:created`, again. The latest delivery is re-queued as it was; with
   * none (no webhook was set back then), the event is routed afresh to today's settings.
   */
  async retryMessage(userId: string, messageId: string): Promise<RetryResponse> {
    await this.db.transaction(async (tx) => {
      const message = await findWebhookMessage(tx, messageId)
      if (!message) throw new AppError(404, 'Message not found')
      await requireOwnedChannel(tx, userId, message.channelId)
      const event =
        message.senderType === 'user'
          ? 'message:created'
          : message.review?.status === 'completed'
            ? 'review:responded'
            : null
      if (!event)
        throw new AppError(
          400,
          'Cannot retry: only answered reviews and messages from a person are sent as webhooks',
        )

      const latest = await findLatestMessageDelivery(tx, messageId, [event])
      if (latest) return this.requeue(tx, latest.id)

      const since = new Date(message.createdAt.getTime() - EVENT_CLOCK_SLACK_MS)
      const committed = await findMessageEvent(tx, {
        channelId: message.channelId,
        messageId,
        type: event,
        since,
      })
      if (!committed || !(await enqueueWebhookDelivery(tx, committed))) {
        throw new AppError(400, 'No webhook configured for this message')
      }
    })
    this.wakeWorker()
    return { retried: true }
  }

  private async requeue(tx: Tx, id: string): Promise<void> {
    if (!(await requeueDelivery(tx, id, new Date())))
      throw new AppError(409, 'This delivery is being sent right now; try again in a moment')
  }

  /** 404 for an unknown delivery, 403 for one of another user's agents. */
  private async requireOwnedDelivery(tx: Tx, userId: string, id: string): Promise<WebhookDelivery> {
    const delivery = await findDelivery(tx, id)
    if (!delivery) throw new AppError(404, 'Webhook delivery not found')
    await requireOwnedChannel(tx, userId, delivery.agentId)
    return delivery
  }
}

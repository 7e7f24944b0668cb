import type { Message, PushNotification, ReviewType } from '@placet/protocol'
import type { Config } from '../../config.ts'
import { logger } from '../../logger.ts'
import type { Database } from '../../store/database.ts'
import type { CommittedEvent } from '../../store/events.ts'
import {
  deleteExpiredPushSubscription,
  findUserPushSubscriptions,
  type PushSubscriptionRecord,
} from '../../store/push-subscriptions.ts'
import type { AppendHook } from '../events/event-log.ts'
import { sendPushMessage } from './push-sender.ts'

const log = logger.child({ module: 'push-notifications' })

/**
 * How long a user's subscriptions are read from memory: agent posts are the hot path (issue
 * 12), and most users have no subscription at all. Changes made through this process apply at
 * once; another process's take up to this long.
 */
const SUBSCRIPTIONS_TTL_MS = 60_000

/** Longest title and body a notification carries; phones show less anyway. */
const MAX_TITLE = 120
const MAX_BODY = 240

const REVIEW_WORDS: Record<ReviewType, string> = {
  approval: 'an approval',
  selection: 'a selection',
  form: 'a form',
  'text-input': 'a text answer',
  freeform: 'an answer',
}

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text

/** The chat of an agent in the dashboard's static routes (issue 9: no dynamic segments). */
export const chatUrl = (channelId: string) => `/chats/?agent=${encodeURIComponent(channelId)}`

/**
 * The notification an event owes its channel's owner, or null: every new message of an agent
 * (spec 6.8), reviews included, which are titled with their question. A streamed reply is
 * still empty when its draft is created, so drafts are not announced.
 */
export function notificationFor(event: CommittedEvent): PushNotification | null {
  if (event.type !== 'message:created') return null
  const message = event.payload as Message
  if (message.senderType !== 'agent' || message.streamState === 'streaming') return null
  const agentName = message.agentName ?? 'Agent'
  const text = (message.text ?? '').trim()
  const base = {
    url: chatUrl(message.channelId),
    tag: message.id,
    messageId: message.id,
    channelId: message.channelId,
  }
  if (message.review) {
    const asks = `${agentName} asks for ${REVIEW_WORDS[message.review.type as ReviewType] ?? 'an answer'}`
    const question = text.split('\n')[0]!.trim()
    return {
      ...base,
      kind: 'review',
      title: clip(question || asks, MAX_TITLE),
      body: clip(question ? asks : '', MAX_BODY),
    }
  }
  const attachments = message.attachments.length
  return {
    ...base,
    kind: 'message',
    title: clip(agentName, MAX_TITLE),
    body: clip(
      text || (attachments > 0 ? `${attachments} file${attachments > 1 ? 's' : ''}` : ''),
      MAX_BODY,
    ),
  }
}

/**
 * Web Push for committed events (spec 6.8). The hook notes, inside the event's transaction,
 * which events this process owes a notification; once the bus publishes them, {@link notify}
 * sends them, off the request path. Events relayed from other processes are theirs to
 * announce, so every notification goes out once per deployment.
 */
export class PushNotifier {
  /** seq → message id of events committed here that owe a notification. */
  private readonly owed = new Map<number, string>()
  private readonly subscriptions = new Map<
    string,
    { readAt: number; rows: PushSubscriptionRecord[] }
  >()

  constructor(
    private readonly db: Database,
    private readonly settings: Config['push'],
  ) {}

  readonly hook: AppendHook = async (_tx, event) => {
    const notification = notificationFor(event)
    if (notification) this.owed.set(event.seq, notification.messageId)
  }

  /**
   * The notification of a published event if this process owes it. The message id is compared
   * too: a transaction that rolled back after the hook leaves its seq behind, and SQLite may hand
   * that number to the next event.
   */
  takeOwed(event: CommittedEvent): PushNotification | null {
    const messageId = this.owed.get(event.seq)
    if (messageId === undefined) return null
    this.owed.delete(event.seq)
    const notification = notificationFor(event)
    return notification?.messageId === messageId ? notification : null
  }

  /** Sends to every browser of the owner; a subscription the push service calls gone is removed. */
  async notify(userId: string, notification: PushNotification): Promise<void> {
    const subscriptions = await this.subscriptionsOf(userId)
    await Promise.all(
      subscriptions.map(async (subscription) => {
        const outcome = await sendPushMessage(subscription, notification, this.settings)
        if (outcome.isGone) {
          await this.db.transaction((tx) => deleteExpiredPushSubscription(tx, subscription))
          this.forgetSubscriptions()
          log.info({ userId, status: outcome.statusCode }, 'removed an expired push subscription')
        } else if (outcome.error) {
          log.warn({ userId, error: outcome.error }, 'push notification not delivered')
        }
      }),
    )
  }

  /** Drops what is cached; a subscription may have moved from one user to another. */
  forgetSubscriptions(): void {
    this.subscriptions.clear()
  }

  private async subscriptionsOf(userId: string): Promise<PushSubscriptionRecord[]> {
    const cached = this.subscriptions.get(userId)
    if (cached && Date.now() - cached.readAt < SUBSCRIPTIONS_TTL_MS) return cached.rows
    const readAt = Date.now()
    const rows = await this.db.read((tx) => findUserPushSubscriptions(tx, userId))
    this.subscriptions.set(userId, { readAt, rows })
    return rows
  }
}

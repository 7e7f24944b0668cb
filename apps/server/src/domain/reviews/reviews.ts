import {
  checkReviewResponse,
  type Message,
  type RespondBody,
  type Review,
  type ReviewCounts,
  type ReviewListQuery,
  type ReviewStatus,
  type WaitResult,
} from '@placet/protocol'
import type { Config } from '../../config.ts'
import { logger } from '../../logger.ts'
import { toAgent } from '../../store/agents.ts'
import type { Database, Tx } from '../../store/database.ts'
import {
  findEarliestPendingExpiry,
  findMessage,
  findOverdueReviews,
  withReview,
  toMessage,
  updateReviewIfPending,
  type MessageRecord,
} from '../../store/messages.ts'
import { countReviews, listPendingReviews, listReviews } from '../../store/message-pages.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError, conflict } from '../errors.ts'
import type { EventLog } from '../events/event-log.ts'
import type { FileStorage } from '../files/file-storage.ts'
import { requireOwnedMessage } from '../messages/message-access.ts'
import type { Emit } from '../events/message-events.ts'
import { redactMessage, withTextContent, withTextContentAll } from '../messages/message-views.ts'
import { isPastDeadline } from './review-expiry.ts'
import { cancelReview, completeReview, expireReview } from './review-records.ts'
import type { ReviewWaiters } from './review-waiters.ts'

const log = logger.child({ module: 'reviews' })

const EXPIRY_BATCH = 100

/** Who answers: the dashboard user, recorded on the review (spec 9.2.1). */
export type Respondent = { id: string; displayName: string }

/** A change that found the review no longer pending: the caller answers 409 with its status. */
type Outcome = { message: Message } | { notPending: ReviewStatus }

const notPending = (status: ReviewStatus) => conflict('Review is not pending', { status })

function requireReview(row: MessageRecord): Review {
  if (!row.review) throw new AppError(404, 'No review on this message')
  return row.review
}

/**
 * Reviews (spec 1.6, 2.2, 3.5) and what we add (9.2): responses checked against the review,
 * who answered, 409 for anything no longer pending, cancel, exact expiry, and a long-poll woken
 * by the answer itself. Answering, expiring and cancelling all go through one guarded update
 * (`WHERE reviewStatus = 'pending'`), so exactly one of them wins.
 */
export class ReviewService {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly waiters: ReviewWaiters,
    private readonly storage: FileStorage,
    private readonly config: Config,
  ) {}

  /** `GET /api/v1/reviews/pending`: newest first, of one channel or of all the key's channels. */
  async listPending(userId: string, channelId?: string): Promise<Message[]> {
    const rows = await this.db.read(async (tx) => {
      if (channelId !== undefined) await requireOwnedChannel(tx, userId, channelId)
      return listPendingReviews(tx, { ownerId: userId, channelId })
    })
    return withTextContentAll(
      this.storage,
      rows.map((row) => redactMessage(toMessage(row))),
    )
  }

  /** `GET /api/v1/reviews/:id`: the agent's own read, not redacted. */
  async get(userId: string, id: string, channelId?: string): Promise<Message> {
    const { row } = await this.db.read((tx) => requireOwnedMessage(tx, userId, id, channelId))
    requireReview(row)
    return withTextContent(this.storage, toMessage(row))
  }

  /**
   * `GET /api/v1/reviews/:id/wait` (spec 2.2): completed, expired or cancelled at once; else it
   * holds until the answer's event arrives, the deadline passes (then it expires the review
   * itself) or the timeout ends. The watch is opened before the row is read, so an answer given
   * in between is never missed, and closed however the wait ends (client gone included).
   */
  async wait(
    userId: string,
    id: string,
    options: { channelId?: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<WaitResult> {
    const watch = this.waiters.watch(id)
    try {
      const first = await this.settle(userId, id, options.channelId)
      if ('result' in first) return first.result
      const holdUntil = Date.now() + Math.min(options.timeoutMs, this.config.reviews.longPollMaxMs)
      // Debug level: says when an answer must wake this wait rather than be read (scale-out test).
      log.debug({ messageId: id, holdUntil }, 'holding a review wait')
      const reason = await watch.until(Math.min(holdUntil, first.expiresAt), options.signal)
      if (reason === 'aborted' || (reason === 'deadline' && Date.now() < first.expiresAt))
        return { status: 'timeout' }
      if (watch.answer) {
        // The answer's event holds the committed message: no second read, which under load
        // would queue behind other writers.
        const { agent: _agent, seq: _seq, ...message } = watch.answer
        return { status: 'completed', message: await withTextContent(this.storage, message) }
      }
      const second = await this.settle(userId, id, options.channelId)
      return 'result' in second ? second.result : { status: 'timeout' }
    } finally {
      watch.close()
    }
  }

  /** Ours (spec 9.2.3): the agent withdraws a pending review; 409 with the status otherwise. */
  async cancel(userId: string, id: string, channelId?: string): Promise<Message> {
    const now = new Date()
    const outcome = await this.eventLog.change<Outcome>(async (tx, emit) => {
      const { row, agent } = await requireOwnedMessage(tx, userId, id, channelId)
      const review = requireReview(row)
      const status = await this.expireIfOverdue(tx, emit, row, agent.ownerId, now)
      if (status !== 'pending') return { notPending: status }
      const cancelled = cancelReview(review, now)
      if (!(await updateReviewIfPending(tx, row.id, cancelled, now)))
        return { notPending: await this.statusOf(tx, row.id) }
      emit({
        type: 'review:cancelled',
        userId: agent.ownerId,
        channelId: agent.id,
        payload: { messageId: row.id, channelId: agent.id },
      })
      return { message: toMessage(withReview(row, cancelled, now)) }
    })
    if ('notPending' in outcome) throw notPending(outcome.notPending)
    return withTextContent(this.storage, outcome.message)
  }

  /**
   * `POST /api/messages/:id/respond` (spec 3.5): only a pending review can be answered (409
   * with its status otherwise, spec 9.2.7), the response must fit the review (400 with paths
   * into the body), and the answer records who gave it and when. `review:responded` carries
   * the raw answer and the agent (secrets masked); the dashboard's own answer is redacted.
   */
  async respond(user: Respondent, id: string, body: RespondBody): Promise<Message> {
    const now = new Date()
    const outcome = await this.eventLog.change<Outcome>(async (tx, emit) => {
      const { row, agent } = await requireOwnedMessage(tx, user.id, id)
      const review = requireReview(row)
      const status = await this.expireIfOverdue(tx, emit, row, agent.ownerId, now)
      if (status !== 'pending') return { notPending: status }
      const check = checkReviewResponse(review, body.response)
      if (!check.success) {
        const errors = check.issues.map((issue) => ({
          ...issue,
          path: ['response', ...issue.path],
        }))
        throw new AppError(400, 'The response does not fit the review', errors)
      }
      const answered = completeReview(
        review,
        {
          response: check.data,
          feedback: body.feedback,
          modifiedFileIds: body.modifiedFileIds,
          respondedBy: { id: user.id, name: user.displayName },
        },
        now,
      )
      if (!(await updateReviewIfPending(tx, row.id, answered, now)))
        return { notPending: await this.statusOf(tx, row.id) }
      const message = { ...toMessage(withReview(row, answered, now)), agent: toAgent(agent) }
      emit({
        type: 'review:responded',
        userId: agent.ownerId,
        channelId: agent.id,
        payload: message,
      })
      return { message }
    })
    if ('notPending' in outcome) throw notPending(outcome.notPending)
    return redactMessage(outcome.message)
  }

  /**
   * `GET /api/messages/reviews` (spec 3.5): reviews across the user's channels, newest first,
   * redacted, one indexed page at a time (Placet filters everything in memory, 9.2.5).
   */
  async listForUser(
    userId: string,
    query: ReviewListQuery,
  ): Promise<{ data: Message[]; nextCursor: string | null }> {
    const page = await this.db.read(async (tx) => {
      if (query.channel !== undefined) await requireOwnedChannel(tx, userId, query.channel)
      return listReviews(tx, {
        ownerId: userId,
        channelId: query.channel,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      })
    })
    if (!page) throw new AppError(400, 'Invalid cursor')
    return {
      data: page.messages.map((row) => redactMessage(toMessage(row))),
      nextCursor: page.nextCursor,
    }
  }

  async countForUser(userId: string): Promise<ReviewCounts> {
    return this.db.read((tx) => countReviews(tx, userId))
  }

  /** Expires one batch of overdue reviews; true when the batch was full (call again). */
  async expireOverdue(now = new Date()): Promise<boolean> {
    const rows = await this.db.read((tx) => findOverdueReviews(tx, now, EXPIRY_BATCH))
    for (const row of rows) {
      await this.eventLog.change((tx, emit) =>
        this.expireIfOverdue(tx, emit, row, row.channel.ownerId, now),
      )
    }
    return rows.length === EXPIRY_BATCH
  }

  /** The earliest deadline of a pending review, read through the (status, expiresAt) index. */
  nextDeadline(): Promise<Date | null> {
    return this.db.read((tx) => findEarliestPendingExpiry(tx))
  }

  /**
   * Expires a pending review whose deadline has passed (guarded, so answering and expiring,
   * or two servers, never both win) and announces `review:expired`; returns the status after.
   */
  private async expireIfOverdue(
    tx: Tx,
    emit: Emit,
    row: MessageRecord,
    ownerId: string,
    now: Date,
  ): Promise<ReviewStatus> {
    const status = row.reviewStatus as ReviewStatus
    if (status !== 'pending' || !isPastDeadline(row.reviewExpiresAt, now)) return status
    if (!(await updateReviewIfPending(tx, row.id, expireReview(requireReview(row), now), now)))
      return this.statusOf(tx, row.id)
    emit({
      type: 'review:expired',
      userId: ownerId,
      channelId: row.channelId,
      payload: { messageId: row.id, channelId: row.channelId },
    })
    return 'expired'
  }

  private async statusOf(tx: Tx, id: string): Promise<ReviewStatus> {
    const row = await findMessage(tx, id)
    return row?.reviewStatus ?? 'pending'
  }

  /** Reads a review for a waiter, expiring it lazily when its deadline has passed (spec 2.2). */
  private async settle(
    userId: string,
    id: string,
    channelId?: string,
  ): Promise<{ result: WaitResult } | { expiresAt: number }> {
    const now = new Date()
    const { row: found, agent } = await this.db.read((tx) =>
      requireOwnedMessage(tx, userId, id, channelId),
    )
    requireReview(found)
    let row = found
    if (found.reviewStatus === 'pending' && isPastDeadline(found.reviewExpiresAt, now)) {
      row = await this.eventLog.change(async (tx, emit) => {
        const fresh = await findMessage(tx, id)
        if (!fresh) throw new AppError(404, 'Message not found')
        await this.expireIfOverdue(tx, emit, fresh, agent.ownerId, now)
        return (await findMessage(tx, id))!
      })
    }
    const status = row.reviewStatus as ReviewStatus
    if (status === 'pending')
      return { expiresAt: row.reviewExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY }
    return { result: { status, message: await withTextContent(this.storage, toMessage(row)) } }
  }
}

import type {
  CreateStatusEventBody,
  Message,
  MessageStatusEvent,
  UpdateStreamBody,
} from '@placet/protocol'
import type { Config } from '../../config.ts'
import type { Database } from '../../store/database.ts'
import { lockKey } from '../../store/locks.ts'
import {
  abortDraftIfStale,
  abortStaleDraftsSilently,
  findEarliestDraftUpdate,
  findMessageByStream,
  findMessage,
  findStaleDrafts,
  toMessage,
  updateMessage,
} from '../../store/messages.ts'
import { insertStatusEvent } from '../../store/status-events.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'
import type { EventLog } from '../events/event-log.ts'
import type { FileStorage } from '../files/file-storage.ts'
import { emitMessage } from '../events/message-events.ts'
import { withTextContent } from './message-views.ts'

/** Drafts a previous process left streaming for this long are aborted at start-up (spec 2.1). */
export const STARTUP_STALE_AFTER_MS = 60_000
const STALE_BATCH = 100

/**
 * Streamed replies (spec 2.1 "Streaming replies"): a draft created by `POST /api/v1/messages`
 * with a `streamId`, then updated with the full text so far until it is complete or aborted;
 * plus the persistent status steps of a turn (spec 1.9), and the clean-up of drafts whose agent
 * went quiet.
 */
export class StreamService {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly storage: FileStorage,
    private readonly config: Config,
  ) {}

  /**
   * `PATCH /api/v1/messages/streams/:streamId`. A finished draft (complete or aborted) is final:
   * a repeated PATCH gets it back unchanged and announces nothing, so retrying the closing
   * PATCH is safe and nobody can rewrite a reply after the fact.
   */
  async update(userId: string, streamId: string, body: UpdateStreamBody): Promise<Message> {
    const now = new Date()
    const message = await this.eventLog.change(async (tx, emit) => {
      const agent = await requireOwnedChannel(tx, userId, body.channelId)
      const draft = await findMessageByStream(tx, agent.id, streamId)
      if (!draft) throw new AppError(404, 'No streaming draft for this (channelId, streamId)')
      if (draft.streamState === 'complete' || draft.streamState === 'aborted')
        return toMessage(draft)
      const streamState =
        body.streamState === 'aborted' ? 'aborted' : body.complete ? 'complete' : 'streaming'
      const row = await updateMessage(tx, draft.id, {
        text: body.text,
        streamState,
        updatedAt: now,
      })
      const updated = toMessage(row)
      emitMessage(emit, 'message:updated', updated, agent)
      return updated
    })
    return withTextContent(this.storage, message)
  }

  /**
   * `POST /api/v1/messages/streams/:streamId/status`: the next step of a turn, numbered max + 1
   * under the stream's lock. Keyed by (channel, stream), so it may come before the draft (1.9).
   */
  addStatus(
    userId: string,
    streamId: string,
    body: CreateStatusEventBody,
  ): Promise<MessageStatusEvent> {
    return this.eventLog.change(async (tx, emit) => {
      const agent = await requireOwnedChannel(tx, userId, body.channelId)
      await lockKey(tx, this.db.provider, `stream:${agent.id}:${streamId}`)
      const step = await insertStatusEvent(tx, {
        channelId: agent.id,
        streamId,
        text: body.text,
        toolHint: body.toolHint ?? false,
      })
      emit({ type: 'message:status', userId: agent.ownerId, channelId: agent.id, payload: step })
      return step
    })
  }

  /** Start-up clean-up of drafts left by a previous process: aborted without events (2.1). */
  async abortLeftoverDrafts(now = new Date()): Promise<number> {
    return this.db.transaction((tx) =>
      abortStaleDraftsSilently(tx, new Date(now.getTime() - STARTUP_STALE_AFTER_MS)),
    )
  }

  /**
   * Aborts drafts not updated for `STREAM_STALE_AFTER`, each with `message:updated`, one batch
   * at a time; true when the batch was full (call again).
   */
  async abortStaleDrafts(now = new Date()): Promise<boolean> {
    const before = new Date(now.getTime() - this.config.agents.streamStaleAfterMs)
    const rows = await this.db.read((tx) => findStaleDrafts(tx, before, STALE_BATCH))
    for (const row of rows) {
      await this.eventLog.change(async (tx, emit) => {
        // A PATCH may have landed since the read; the guarded update then leaves it alone.
        if (!(await abortDraftIfStale(tx, row.id, before, now))) return
        const aborted = toMessage((await findMessage(tx, row.id))!)
        emitMessage(emit, 'message:updated', aborted, {
          id: row.channelId,
          ownerId: row.channel.ownerId,
          name: row.channel.name,
        })
      })
    }
    return rows.length === STALE_BATCH
  }

  /** When the next draft becomes stale if nobody touches it, or null when none is streaming. */
  async nextStaleAt(): Promise<Date | null> {
    const earliest = await this.db.read((tx) => findEarliestDraftUpdate(tx))
    // +1 ms: a draft is stale strictly after the interval (see abortStaleDrafts).
    return earliest
      ? new Date(earliest.getTime() + this.config.agents.streamStaleAfterMs + 1)
      : null
  }
}

import type { EventsPage, LoggedEvent, LoggedEventType } from '@placet/protocol'
import type { Database } from '../store/database.ts'
import { lastChannelSeq, listEvents } from '../store/events.ts'
import { requireOwnedChannel } from './channel-access.ts'

/** Events a channel subscriber receives (agent:status goes to the owner's user room only). */
export const CHANNEL_EVENT_TYPES: LoggedEventType[] = [
  'message:created',
  'message:updated',
  'message:deleted',
  'message:status',
  'message:delivery',
  'review:responded',
  'review:expired',
  'review:cancelled',
]

/**
 * Reads the event log back for a client that was away (design.md): everything of the user after
 * a sequence number, or one channel's events only (ownership checked).
 */
export class EventReplay {
  constructor(private readonly db: Database) {}

  async page(userId: string, query: { after: number; channelId?: string; limit: number }): Promise<EventsPage> {
    const events = await this.db.read(async (tx) => {
      if (query.channelId) await requireOwnedChannel(tx, userId, query.channelId)
      return listEvents(tx, { userId, after: query.after, channelId: query.channelId, limit: query.limit + 1 })
    })
    const data = events.slice(0, query.limit)
    return { data, lastSeq: data.at(-1)?.seq ?? query.after, hasMore: events.length > query.limit }
  }

  /** A channel's events after `after`, as its room would have received them. */
  channelEvents(userId: string, channelId: string, after: number, limit = 1000): Promise<LoggedEvent[]> {
    return this.db.read((tx) => listEvents(tx, { userId, channelId, after, types: CHANNEL_EVENT_TYPES, limit }))
  }

  /** Where a channel's log stands now: a new subscriber resumes from here. */
  lastSeqOf(userId: string, channelId: string): Promise<number> {
    return this.db.read((tx) => lastChannelSeq(tx, userId, channelId))
  }
}

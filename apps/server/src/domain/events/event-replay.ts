import type { EventsPage, LoggedEvent, LoggedEventType } from '@placet/protocol'
import type { Database } from '../../store/database.ts'
import { lastChannelSeq, listEvents } from '../../store/events.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { redactMessage } from '../messages/message-views.ts'

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
 * The event as a person's dashboard may see it: password form answers redacted (spec 1.6).
 * Agents get the raw answer they asked for; only the events that carry a message can hold one.
 * An event with nothing to hide is returned as it is.
 */
export function redactForDashboard(event: LoggedEvent): LoggedEvent {
  switch (event.type) {
    case 'message:created':
    case 'message:updated':
    case 'review:responded': {
      const payload = redactMessage(event.payload)
      return payload === event.payload
        ? event
        : { ...event, payload: { ...payload, seq: event.seq } }
    }
    default:
      return event
  }
}

/**
 * Reads the event log back for a client that was away (design.md): everything of the user after
 * a sequence number, or one channel's events only (ownership checked).
 */
export class EventReplay {
  constructor(
    private readonly db: Database,
    /** Events read per query when replaying a channel; the replay pages until it is done. */
    private readonly pageSize = 500,
  ) {}

  async page(
    userId: string,
    query: { after: number; channelId?: string; limit: number; forDashboard: boolean },
  ): Promise<EventsPage> {
    const events = await this.db.read(async (tx) => {
      if (query.channelId) await requireOwnedChannel(tx, userId, query.channelId)
      return listEvents(tx, {
        userId,
        after: query.after,
        channelId: query.channelId,
        limit: query.limit + 1,
      })
    })
    const page = events.slice(0, query.limit)
    const data = query.forDashboard ? page.map(redactForDashboard) : page
    return { data, lastSeq: data.at(-1)?.seq ?? query.after, hasMore: events.length > query.limit }
  }

  /**
   * Every event of a channel after `after`, as its room would have received them, one page per
   * query however many there are: a client that was away long must not resume past a gap.
   */
  async *channelEvents(
    userId: string,
    channelId: string,
    after: number,
  ): AsyncGenerator<LoggedEvent> {
    let cursor = after
    for (;;) {
      const page = await this.db.read((tx) =>
        listEvents(tx, {
          userId,
          channelId,
          after: cursor,
          types: CHANNEL_EVENT_TYPES,
          limit: this.pageSize,
        }),
      )
      yield* page
      if (page.length < this.pageSize) return
      cursor = page.at(-1)!.seq
    }
  }

  /** Where a channel's log stands now: a new subscriber resumes from here. */
  lastSeqOf(userId: string, channelId: string): Promise<number> {
    return this.db.read((tx) => lastChannelSeq(tx, userId, channelId))
  }
}

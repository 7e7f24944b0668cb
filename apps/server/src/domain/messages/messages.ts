import type { IterationChain, ListMessagesQuery, Message, MessagePage } from '@placet/protocol'
import { toAgent } from '../../store/agents.ts'
import { listStorageKeysOfMessage } from '../../store/attachments.ts'
import type { Database, Tx } from '../../store/database.ts'
import { deleteMessage, toMessage, updateMessage } from '../../store/messages.ts'
import { listMessages } from '../../store/message-pages.ts'
import { listStatusEventsByStream } from '../../store/status-events.ts'
import { requireOwnedChannel } from '../agents/channel-access.ts'
import { AppError } from '../errors.ts'
import type { EventLog } from '../events/event-log.ts'
import type { FileStorage } from '../files/file-storage.ts'
import { assertNotChained, readChain } from './iterations.ts'
import { requireOwnedMessage } from './message-access.ts'
import { redactMessage, withTextContent, withTextContentAll } from './message-views.ts'

/**
 * Reading and changing existing messages, for agents (`/api/v1/messages`, spec 2.1) and for
 * the dashboard (`/api/messages`, spec 3.5). Agent answers inline small text files; every
 * list is redacted, and only the agent's own single read shows password answers (spec 1.6).
 */
export class MessageService {
  constructor(
    private readonly db: Database,
    private readonly eventLog: EventLog,
    private readonly storage: FileStorage,
  ) {}

  async listForAgent(userId: string, query: ListMessagesQuery): Promise<MessagePage> {
    const page = await this.readPage(userId, query)
    return {
      data: await withTextContentAll(this.storage, page.data.map(redactMessage)),
      nextCursor: page.nextCursor,
    }
  }

  async listForUser(userId: string, query: ListMessagesQuery): Promise<MessagePage> {
    const page = await this.readPage(userId, query)
    return { data: page.data.map(redactMessage), nextCursor: page.nextCursor }
  }

  /** The agent's own read: not redacted (spec 2.1). */
  async getForAgent(userId: string, id: string, channelId?: string): Promise<Message> {
    const { row } = await this.db.read((tx) => requireOwnedMessage(tx, userId, id, channelId))
    return withTextContent(this.storage, toMessage(row))
  }

  /** The dashboard's read: redacted, with the agent (secrets masked) (spec 3.5). */
  async getForUser(userId: string, id: string): Promise<Message> {
    const { row, agent } = await this.db.read((tx) => requireOwnedMessage(tx, userId, id))
    return { ...redactMessage(toMessage(row)), agent: toAgent(agent) }
  }

  async chainForAgent(userId: string, id: string, channelId?: string): Promise<IterationChain> {
    const chain = await this.readChain(userId, id, channelId)
    return {
      groupId: chain.groupId,
      iterations: await withTextContentAll(this.storage, chain.iterations),
    }
  }

  chainForUser(userId: string, id: string, channelId?: string): Promise<IterationChain> {
    return this.readChain(userId, id, channelId)
  }

  /**
   * Retracts a message (spec 2.1): its files go with it, and `message:deleted` is announced
   * (ours; Placet emits nothing, spec 9.4.3).
   */
  async delete(userId: string, id: string, channelId?: string): Promise<void> {
    const storageKeys = await this.eventLog.change(async (tx, emit) => {
      const { row, agent } = await requireOwnedMessage(tx, userId, id, channelId)
      await assertNotChained(tx, row)
      const keys = await listStorageKeysOfMessage(tx, row.id)
      await deleteMessage(tx, row.id)
      emit({
        type: 'message:deleted',
        userId: agent.ownerId,
        channelId: agent.id,
        payload: { messageId: row.id, channelId: agent.id },
      })
      return keys
    })
    await this.storage.remove(storageKeys)
  }

  /**
   * The agent confirms it received a message (spec 2.1, 4.5): `agent_received`, on any message
   * of the channel, at any time. A repeated ack changes nothing and announces nothing.
   */
  async acknowledge(userId: string, id: string, channelId?: string): Promise<void> {
    await this.eventLog.change(async (tx, emit) => {
      const { row, agent } = await requireOwnedMessage(tx, userId, id, channelId)
      if (row.deliveryStatus === 'agent_received') return
      await updateMessage(tx, row.id, { deliveryStatus: 'agent_received' })
      emit({
        type: 'message:delivery',
        userId: agent.ownerId,
        channelId: agent.id,
        payload: { messageId: row.id, deliveryStatus: 'agent_received', channelId: agent.id },
      })
    })
  }

  /** A page of a channel, each message with the status steps of its stream (spec 2.0, 2.1). */
  private readPage(userId: string, query: ListMessagesQuery): Promise<MessagePage> {
    return this.db.read(async (tx) => {
      const agent = await requireOwnedChannel(tx, userId, query.channel)
      const page = await listMessages(tx, this.db.provider, {
        channelId: agent.id,
        limit: query.limit,
        cursor: query.cursor,
        search: query.search,
        hasAttachments: query.has_attachments,
      })
      if (!page) throw new AppError(400, 'Invalid cursor')
      const streamIds = page.messages.flatMap((row) => (row.streamId ? [row.streamId] : []))
      const steps = await listStatusEventsByStream(tx, agent.id, streamIds)
      const data = page.messages.map((row) =>
        toMessage(row, row.streamId ? (steps.get(row.streamId) ?? []) : []),
      )
      return { data, nextCursor: page.nextCursor }
    })
  }

  /** A chain (spec 1.7), redacted as every list is. */
  private async readChain(userId: string, id: string, channelId?: string): Promise<IterationChain> {
    const chain = await this.db.read(async (tx: Tx) => {
      const { row } = await requireOwnedMessage(tx, userId, id, channelId)
      return readChain(tx, row)
    })
    return {
      groupId: chain.groupId,
      iterations: chain.messages.map((message) => redactMessage(toMessage(message))),
    }
  }
}

import type { Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import {
  mapMessages,
  messagesOldestFirst,
  removeMessage,
  upsertMessage,
  type MessagePages,
} from './message-cache'

function message(id: string, minute: number, text = id): Message {
  return {
    id,
    channelId: 'agent_1',
    senderType: 'agent',
    senderId: 'agent_1',
    text,
    status: null,
    review: null,
    metadata: null,
    deliveryStatus: 'sent',
    iterationGroupId: null,
    iteration: null,
    clientId: null,
    streamId: null,
    streamState: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
    updatedAt: null,
    attachments: [],
  }
}

const pages: MessagePages = {
  pageParams: [null, 'cursor'],
  pages: [
    { data: [message('c', 3), message('b', 2)], nextCursor: 'cursor' },
    { data: [message('a', 1)], nextCursor: null },
  ],
}

describe('message cache', () => {
  it('lists the loaded pages oldest first', () => {
    expect(messagesOldestFirst(pages).map(({ id }) => id)).toEqual(['a', 'b', 'c'])
  })

  it('replaces a known message in its own page and adds a new one to the newest page', () => {
    const replaced = upsertMessage(pages, message('a', 1, 'edited'))
    expect(replaced?.pages[1]?.data[0]?.text).toBe('edited')
    expect(replaced?.pages[0]?.data).toHaveLength(2)

    const added = upsertMessage(pages, message('d', 4))
    expect(messagesOldestFirst(added).map(({ id }) => id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('removes and maps messages across pages', () => {
    expect(messagesOldestFirst(removeMessage(pages, 'b')).map(({ id }) => id)).toEqual(['a', 'c'])
    const delivered = mapMessages(pages, (m) =>
      m.id === 'a' ? { ...m, deliveryStatus: 'webhook_delivered' } : m,
    )
    expect(messagesOldestFirst(delivered)[0]?.deliveryStatus).toBe('webhook_delivered')
  })
})

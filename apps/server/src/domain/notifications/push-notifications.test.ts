import type { Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import type { CommittedEvent } from '../../store/events.ts'
import { notificationFor } from './push-notifications.ts'

const message: Message = {
  id: 'clmsg001',
  channelId: 'clagent1',
  senderType: 'agent',
  senderId: 'clagent1',
  text: 'Build finished.',
  status: null,
  review: null,
  metadata: null,
  deliveryStatus: 'sent',
  iterationGroupId: null,
  iteration: null,
  clientId: null,
  streamId: null,
  streamState: null,
  createdAt: '2026-04-01T14:30:00.000Z',
  updatedAt: null,
  attachments: [],
  agentName: 'Builder',
}

const created = (payload: Partial<Message>, type = 'message:created') =>
  ({
    seq: 7,
    type,
    channelId: 'clagent1',
    createdAt: message.createdAt,
    userId: 'cluser01',
    payload: { ...message, ...payload, seq: 7 },
  }) as CommittedEvent

const review = { id: 'clrev001', type: 'form', status: 'pending', payload: null } as never

describe('notificationFor', () => {
  it('announces an agent message by its agent, opening the chat', () => {
    expect(notificationFor(created({}))).toEqual({
      kind: 'message',
      title: 'Builder',
      body: 'Build finished.',
      url: '/chats/?agent=clagent1',
      tag: 'clmsg001',
      messageId: 'clmsg001',
      channelId: 'clagent1',
    })
  })

  it('titles a review with the first line of its question, or says what it asks for', () => {
    expect(notificationFor(created({ text: 'Rotate keys?\nDetails…', review }))).toMatchObject({
      kind: 'review',
      title: 'Rotate keys?',
      body: 'Builder asks for a form',
    })
    expect(notificationFor(created({ text: null, review }))).toMatchObject({
      title: 'Builder asks for a form',
      body: '',
    })
  })

  it('counts files of a message without text and clips long text', () => {
    const file = { id: 'clatt001' } as Message['attachments'][number]
    expect(notificationFor(created({ text: null, attachments: [file, file] }))?.body).toBe(
      '2 files',
    )
    const long = notificationFor(created({ text: 'x'.repeat(1000) }))!
    expect(long.body).toHaveLength(240)
    expect(long.body.endsWith('…')).toBe(true)
  })

  it('stays quiet for a person’s message, a streaming draft and other events', () => {
    expect(notificationFor(created({ senderType: 'user' }))).toBeNull()
    expect(notificationFor(created({ streamState: 'streaming', streamId: 's1' }))).toBeNull()
    expect(notificationFor(created({}, 'message:updated'))).toBeNull()
  })
})

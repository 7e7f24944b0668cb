import { REDACTED, type Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import { redactMessage } from './message-views.ts'

const base: Message = {
  id: 'm1',
  channelId: 'c1',
  senderType: 'agent',
  senderId: 'c1',
  text: null,
  status: null,
  review: null,
  metadata: null,
  deliveryStatus: 'sent',
  iterationGroupId: null,
  iteration: null,
  clientId: null,
  streamId: null,
  streamState: null,
  createdAt: '2026-04-01T12:00:00.000Z',
  updatedAt: null,
  attachments: [],
}

describe('redactMessage (spec 1.6)', () => {
  it('hides password answers of forms and leaves the rest', () => {
    const message: Message = {
      ...base,
      review: {
        type: 'form',
        status: 'completed',
        expiresAt: '2026-04-02T12:00:00.000Z',
        payload: {
          fields: [
            { name: 'user', type: 'text', label: 'User' },
            { name: 'pin', type: 'password', label: 'PIN' },
          ],
        },
        response: { user: 'ann', pin: '1234' },
      },
    }
    const redacted = redactMessage(message)
    expect(redacted.review?.response).toEqual({ user: 'ann', pin: REDACTED })
    expect(message.review?.response).toEqual({ user: 'ann', pin: '1234' })
  })

  it('returns messages without answers unchanged', () => {
    expect(redactMessage(base)).toBe(base)
    const pending: Message = {
      ...base,
      review: {
        type: 'approval',
        status: 'pending',
        expiresAt: '2026-04-02T12:00:00.000Z',
        response: null,
      },
    }
    expect(redactMessage(pending)).toBe(pending)
  })
})

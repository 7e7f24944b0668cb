import type { Message } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import { approvalChoice, isPendingApproval } from './approval-choice'

const approval = (payload: unknown, status = 'pending') =>
  ({ review: { type: 'approval', status, payload } }) as unknown as Message

describe('approvalChoice', () => {
  it('uses Placet’s Approve / Reject when the agent sent no options', () => {
    expect(approvalChoice(approval(null), 'approve')?.id).toBe('approve')
    expect(approvalChoice(approval(null), 'reject')?.id).toBe('reject')
  })

  it('falls back to the styling, then to the first and last button', () => {
    const styled = approval({
      options: [
        { id: 'later', label: 'Later' },
        { id: 'ship', label: 'Ship', style: 'primary' },
        { id: 'stop', label: 'Stop', style: 'danger' },
      ],
    })
    expect(approvalChoice(styled, 'approve')?.id).toBe('ship')
    expect(approvalChoice(styled, 'reject')?.id).toBe('stop')
    const plain = approval({
      options: [
        { id: 'yes', label: 'Yes' },
        { id: 'no', label: 'No' },
      ],
    })
    expect(approvalChoice(plain, 'approve')?.id).toBe('yes')
    expect(approvalChoice(plain, 'reject')?.id).toBe('no')
  })

  it('cannot reject a one-button approval, nor answer other review types', () => {
    const single = approval({ options: [{ id: 'ack', label: 'Acknowledge' }] })
    expect(approvalChoice(single, 'approve')?.id).toBe('ack')
    expect(approvalChoice(single, 'reject')).toBeNull()
    const form = { review: { type: 'form', status: 'pending', payload: {} } } as unknown as Message
    expect(approvalChoice(form, 'approve')).toBeNull()
    expect(isPendingApproval(form)).toBe(false)
    expect(isPendingApproval(approval(null, 'completed'))).toBe(false)
    expect(isPendingApproval(approval(null))).toBe(true)
  })
})

import type { AgentStatusHistory } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import { formatDuration, statusSegments } from './status-timeline'

const row = (status: AgentStatusHistory['status'], createdAt: string) =>
  ({ id: createdAt, agentId: 'a', status, message: null, createdAt }) as AgentStatusHistory

const now = new Date('2026-04-01T12:00:00.000Z')
const HOUR = 3_600_000

describe('statusSegments', () => {
  it('lays the changes of the window side by side, up to now', () => {
    const segments = statusSegments(
      [row('offline', '2026-04-01T11:00:00.000Z'), row('active', '2026-04-01T09:00:00.000Z')],
      now,
      4 * HOUR,
    )
    expect(segments).toEqual([
      {
        status: 'active',
        from: '2026-04-01T09:00:00.000Z',
        to: '2026-04-01T11:00:00.000Z',
        offset: 0.25,
        width: 0.5,
      },
      {
        status: 'offline',
        from: '2026-04-01T11:00:00.000Z',
        to: '2026-04-01T12:00:00.000Z',
        offset: 0.75,
        width: 0.25,
      },
    ])
  })

  it('clips a change from before the window to its left edge', () => {
    const [only] = statusSegments([row('busy', '2026-03-30T00:00:00.000Z')], now, HOUR)
    expect(only).toMatchObject({ status: 'busy', offset: 0, width: 1 })
  })

  it('is empty without history', () => {
    expect(statusSegments([], now, HOUR)).toEqual([])
  })
})

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(5 * 60_000 + 3000)).toBe('5 min')
    expect(formatDuration(2 * HOUR + 5 * 60_000)).toBe('2 h 5 min')
    expect(formatDuration(76 * HOUR)).toBe('3 d 4 h')
    expect(formatDuration(-5)).toBe('0 s')
  })
})

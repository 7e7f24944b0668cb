import { describe, expect, it } from 'vitest'
import { nextRetryDelayMs } from './webhook-retry-schedule.ts'

const schedule = [1_000, 5_000, 30_000]

describe('nextRetryDelayMs', () => {
  it('follows the schedule after each failed attempt', () => {
    const middle = () => 0.5
    expect(nextRetryDelayMs(schedule, 1, middle)).toBe(1_000)
    expect(nextRetryDelayMs(schedule, 2, middle)).toBe(5_000)
    expect(nextRetryDelayMs(schedule, 3, middle)).toBe(30_000)
  })

  it('is dead once the schedule is used up', () => {
    expect(nextRetryDelayMs(schedule, 4)).toBeNull()
    expect(nextRetryDelayMs([], 1)).toBeNull()
    expect(nextRetryDelayMs(schedule, 0)).toBeNull()
  })

  it('jitters each wait by at most ±10 %', () => {
    expect(nextRetryDelayMs(schedule, 2, () => 0)).toBe(4_500)
    expect(nextRetryDelayMs(schedule, 2, () => 0.999_999)).toBe(5_500)
    for (let index = 0; index < 200; index++) {
      const delay = nextRetryDelayMs(schedule, 3)!
      expect(delay).toBeGreaterThanOrEqual(27_000)
      expect(delay).toBeLessThanOrEqual(33_000)
    }
  })
})

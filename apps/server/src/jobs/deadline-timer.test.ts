import { describe, expect, it } from 'vitest'
import { DeadlineTimer } from './deadline-timer.ts'

/** Resolves once `check` holds, polling; the assertion is on the outcome, not on the clock. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe('DeadlineTimer', () => {
  it('sweeps when armed, then re-arms for the deadline the sweep returns', async () => {
    let sweeps = 0
    // The first sweep asks to be called again shortly; the second finds nothing left.
    const timer = new DeadlineTimer('test', async () => {
      sweeps++
      return sweeps === 1 ? new Date(Date.now() + 10) : null
    })
    await timer.run()
    expect(sweeps).toBe(1)
    await until(() => sweeps === 2)
    await timer.stop()
  })

  it('moves the timer earlier but never later', async () => {
    let sweeps = 0
    const timer = new DeadlineTimer('test', async () => {
      sweeps++
      return null
    })
    timer.armAt(Date.now() + 60_000)
    timer.armAt(Date.now() + 120_000)
    timer.armAt(Date.now() + 10)
    await until(() => sweeps === 1)
    await timer.stop()
  })

  it('never overlaps sweeps: a run asked for during one happens once more after it', async () => {
    let running = 0
    let maxRunning = 0
    let sweeps = 0
    let release: () => void = () => undefined
    const timer = new DeadlineTimer('test', async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      sweeps++
      if (sweeps === 1) await new Promise<void>((resolve) => (release = resolve))
      running--
      return null
    })
    const first = timer.run()
    const second = timer.run()
    const third = timer.run()
    release()
    await Promise.all([first, second, third])
    expect(sweeps).toBe(2)
    expect(maxRunning).toBe(1)
    await timer.stop()
  })

  it('retries after a failed sweep, and does nothing once stopped', async () => {
    let sweeps = 0
    const timer = new DeadlineTimer('test', async () => {
      sweeps++
      throw new Error('database down')
    })
    await timer.run()
    expect(sweeps).toBe(1)
    await timer.stop()
    timer.armAt(Date.now())
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sweeps).toBe(1)
  })
})

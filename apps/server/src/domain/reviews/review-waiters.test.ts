import type { LoggedEvent } from '@placet/protocol'
import { describe, expect, it } from 'vitest'
import type { CommittedEvent } from '../../store/events.ts'
import { EventBus } from '../events/event-bus.ts'
import { ReviewWaiters } from './review-waiters.ts'

function event(type: LoggedEvent['type'], payload: Record<string, unknown>): CommittedEvent {
  return {
    type,
    payload: { ...payload, seq: 1 },
    seq: 1,
    channelId: 'c1',
    createdAt: new Date().toISOString(),
    userId: 'u1',
  } as CommittedEvent
}

const FAR = () => Date.now() + 60_000

describe('ReviewWaiters', () => {
  it('wakes the watches of the answered review only', async () => {
    const bus = new EventBus()
    const waiters = new ReviewWaiters(bus)
    const mine = waiters.watch('m1')
    const other = waiters.watch('m2')
    const woke = mine.until(FAR())
    bus.publish([event('review:responded', { id: 'm1' })])
    expect(await woke).toBe('changed')
    const stillWaiting = other.until(Date.now() + 20)
    expect(await stillWaiting).toBe('deadline')
    mine.close()
    other.close()
    expect(waiters.size).toBe(0)
  })

  it('remembers a change that came before the wait began (the read-then-wait race)', async () => {
    const bus = new EventBus()
    const waiters = new ReviewWaiters(bus)
    const watch = waiters.watch('m1')
    bus.publish([event('review:expired', { messageId: 'm1', channelId: 'c1' })])
    expect(await watch.until(FAR())).toBe('changed')
    watch.close()
  })

  it.each(['review:cancelled', 'message:deleted'] as const)('wakes on %s', async (type) => {
    const bus = new EventBus()
    const watch = new ReviewWaiters(bus).watch('m1')
    const woke = watch.until(FAR())
    bus.publish([event(type, { messageId: 'm1', channelId: 'c1' })])
    expect(await woke).toBe('changed')
    watch.close()
  })

  it('ignores events that do not end a review', async () => {
    const bus = new EventBus()
    const watch = new ReviewWaiters(bus).watch('m1')
    bus.publish([
      event('message:updated', { id: 'm1' }),
      event('message:delivery', { messageId: 'm1', deliveryStatus: 'agent_received' }),
    ])
    expect(await watch.until(Date.now() + 20)).toBe('deadline')
    watch.close()
  })

  it('ends on abort and forgets the watch on close', async () => {
    const waiters = new ReviewWaiters(new EventBus())
    const watch = waiters.watch('m1')
    const hangUp = new AbortController()
    const woke = watch.until(FAR(), hangUp.signal)
    hangUp.abort()
    expect(await woke).toBe('aborted')
    expect(waiters.size).toBe(1)
    watch.close()
    expect(waiters.size).toBe(0)
  })
})

describe('ReviewWaiters.releaseAll', () => {
  it('ends open waits and every later one (a stopping server)', async () => {
    const waiters = new ReviewWaiters(new EventBus())
    const open = waiters.watch('m1')
    const woke = open.until(FAR())
    waiters.releaseAll()
    expect(await woke).toBe('aborted')
    const later = waiters.watch('m2')
    expect(await later.until(FAR())).toBe('aborted')
    open.close()
    later.close()
  })
})

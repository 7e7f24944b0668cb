import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  LIVENESS_INTERVAL_MS,
  PONG_TIMEOUT_MS,
  watchSocketLiveness,
  type LivenessSocket,
} from './socket-liveness'

/**
 * A socket that records what the check does to it and answers `ping` only when told to: the
 * check's contract is its timers and these five calls, which is what these tests pin down.
 */
class RecordingSocket extends EventEmitter implements LivenessSocket {
  connected = true
  pings = 0
  reconnects = 0
  answersPing = true

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'ping') return super.emit(event, ...args)
    this.pings++
    if (this.answersPing) queueMicrotask(() => super.emit('pong'))
    return true
  }
  disconnect() {
    this.connected = false
  }
  connect() {
    this.connected = true
    this.reconnects++
  }
}

function page(visibilityState: DocumentVisibilityState = 'visible') {
  const window = new EventTarget()
  const document = Object.assign(new EventTarget(), { visibilityState })
  return { window, document }
}

let stop: () => void = () => undefined
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  stop()
  vi.useRealTimers()
})

describe('socket liveness', () => {
  it('pings every 30 s while visible and keeps a socket that answers', async () => {
    const socket = new RecordingSocket()
    stop = watchSocketLiveness(socket, page())
    await vi.advanceTimersByTimeAsync(LIVENESS_INTERVAL_MS)
    expect(socket.pings).toBe(1)
    await vi.advanceTimersByTimeAsync(LIVENESS_INTERVAL_MS)
    expect(socket.pings).toBe(2)
    expect(socket.reconnects).toBe(0)
  })

  it('reconnects when no pong comes within 3 s, not before', async () => {
    const socket = new RecordingSocket()
    socket.answersPing = false
    const tab = page()
    stop = watchSocketLiveness(socket, tab)
    tab.window.dispatchEvent(new Event('focus'))
    expect(socket.pings).toBe(1)
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS - 1)
    expect(socket.reconnects).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(socket.reconnects).toBe(1)
    expect(socket.connected).toBe(true)
  })

  it('checks on focus, on becoming visible and on coming back online', async () => {
    const socket = new RecordingSocket()
    const tab = page()
    stop = watchSocketLiveness(socket, tab)
    tab.window.dispatchEvent(new Event('focus'))
    await vi.advanceTimersByTimeAsync(0)
    tab.document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    tab.window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS)
    expect(socket.pings).toBe(3)
    expect(socket.reconnects).toBe(0)
  })

  it('does not ping while the tab is hidden or the socket is down, nor twice at once', async () => {
    const socket = new RecordingSocket()
    const tab = page('hidden')
    stop = watchSocketLiveness(socket, tab)
    await vi.advanceTimersByTimeAsync(LIVENESS_INTERVAL_MS)
    tab.window.dispatchEvent(new Event('focus'))
    expect(socket.pings).toBe(0)

    tab.document.visibilityState = 'visible'
    socket.connected = false
    tab.window.dispatchEvent(new Event('focus'))
    expect(socket.pings).toBe(0)

    socket.connected = true
    socket.answersPing = false
    tab.window.dispatchEvent(new Event('focus'))
    tab.window.dispatchEvent(new Event('online'))
    expect(socket.pings).toBe(1)
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS)
    expect(socket.reconnects).toBe(1)
  })

  it('stops checking once stopped, a pending pong wait included', async () => {
    const socket = new RecordingSocket()
    socket.answersPing = false
    const tab = page()
    stop = watchSocketLiveness(socket, tab)
    tab.window.dispatchEvent(new Event('focus'))
    stop()
    await vi.advanceTimersByTimeAsync(LIVENESS_INTERVAL_MS * 2)
    tab.window.dispatchEvent(new Event('focus'))
    expect(socket.pings).toBe(1)
    expect(socket.reconnects).toBe(0)
  })
})

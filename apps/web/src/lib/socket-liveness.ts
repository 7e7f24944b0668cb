/** Spec 5.4 step 5: how often a visible tab checks that its socket still answers. */
export const LIVENESS_INTERVAL_MS = 30_000
/** ...and how long it waits for the `pong` before it reconnects. */
export const PONG_TIMEOUT_MS = 3_000

/** The part of the dashboard socket the check uses. */
export type LivenessSocket = {
  readonly connected: boolean
  emit(event: 'ping'): unknown
  on(event: 'pong', listener: () => void): unknown
  off(event: 'pong', listener: () => void): unknown
  disconnect(): unknown
  connect(): unknown
}

/** Where the check listens for "the person is back": the page's window and document. */
export type LivenessPage = {
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>
}

/**
 * Checks that the socket is really alive while the tab is visible (spec 5.4 step 5): every
 * 30 s, and when the tab gets focus, becomes visible or the device comes back online, it emits
 * `ping`; without a `pong` within 3 s it reconnects. A connection can look open long after it
 * died (a laptop that slept, a NAT that dropped it), and Socket.IO's own heartbeat may take
 * up to a minute to notice; until then no event would arrive. Returns the function that stops
 * the check.
 *
 * @example
 * const stop = watchSocketLiveness(socket, { window, document })
 */
export function watchSocketLiveness(socket: LivenessSocket, page: LivenessPage): () => void {
  let pongTimer: ReturnType<typeof setTimeout> | null = null

  const onPong = () => {
    if (pongTimer === null) return
    clearTimeout(pongTimer)
    pongTimer = null
  }
  const check = () => {
    if (!socket.connected || page.document.visibilityState !== 'visible') return
    // One check at a time: a focus right after the interval waits for the same pong.
    if (pongTimer !== null) return
    pongTimer = setTimeout(() => {
      pongTimer = null
      socket.disconnect()
      socket.connect()
    }, PONG_TIMEOUT_MS)
    socket.emit('ping')
  }

  socket.on('pong', onPong)
  const interval = setInterval(check, LIVENESS_INTERVAL_MS)
  page.window.addEventListener('focus', check)
  page.window.addEventListener('online', check)
  page.document.addEventListener('visibilitychange', check)
  return () => {
    clearInterval(interval)
    onPong()
    socket.off('pong', onPong)
    page.window.removeEventListener('focus', check)
    page.window.removeEventListener('online', check)
    page.document.removeEventListener('visibilitychange', check)
  }
}

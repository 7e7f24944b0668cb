import type { Message } from '@placet/protocol'
import type { PlacetRealtime } from './realtime-client.js'
import { PlacetError } from './placet-error.js'
import type { PlacetClient } from './rest-client.js'

/** A review's end as the server reports it; `message` only comes with an answer. */
export type ReviewEnd =
  { status: 'completed'; message: Message } | { status: 'expired' | 'cancelled'; message?: Message }

/** Waits between attempts while the server cannot be reached (a restart, a network drop). */
const RETRY_MIN_MS = 200
const RETRY_MAX_MS = 5_000
/** Long-polls are held up to 30 s; one that answers `timeout` sooner than this was cut short. */
const EARLY_TIMEOUT_MS = 1_000

function nextRetryMs(previous: number): number {
  return Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, previous * 2))
}

/**
 * Waits until a review ends, over whatever works at the moment: the socket while it is
 * connected (subscribing with `since`, so the event log replays what a drop missed), one
 * long-poll round whenever it is not (WebSocket blocked, server restarting), and again. Network
 * failures are retried; only the server's refusals (4xx) and the signal end the wait early.
 */
export async function waitForReviewEnd(input: {
  client: PlacetClient
  realtime: PlacetRealtime | undefined
  messageId: string
  channelId: string
  signal?: AbortSignal
}): Promise<ReviewEnd> {
  const { client, realtime, messageId, channelId, signal } = input
  let retryMs = 0
  for (;;) {
    signal?.throwIfAborted()
    try {
      const viaSocket = realtime
        ? await waitOnSocket(client, realtime, messageId, channelId, signal)
        : undefined
      if (viaSocket) return viaSocket
      const pollStartedAt = Date.now()
      const polled = await client.pollReview(messageId, { channelId, signal })
      if (polled.status !== 'timeout') return polled
      // A hold that ended early was cut by a server shutting down: back off as on an error.
      if (Date.now() - pollStartedAt > EARLY_TIMEOUT_MS) retryMs = 0
      else await sleep((retryMs = nextRetryMs(retryMs)), signal)
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      if (error instanceof PlacetError && error.statusCode < 500) throw error
      await sleep((retryMs = nextRetryMs(retryMs)), signal)
    }
  }
}

/**
 * The socket's part: resolves with the end, or `undefined` once the socket is (or becomes)
 * unusable, so the caller long-polls instead.
 */
async function waitOnSocket(
  client: PlacetClient,
  realtime: PlacetRealtime,
  messageId: string,
  channelId: string,
  signal: AbortSignal | undefined,
): Promise<ReviewEnd | undefined> {
  const { socket } = realtime
  if (!(await untilConnected(realtime, signal))) return undefined
  let release = () => {}
  const ended = new Promise<ReviewEnd | undefined>((resolve, reject) => {
    const onResponded = (message: Message) => {
      if (message.id === messageId) resolve({ status: 'completed', message })
    }
    const onExpired = (payload: { messageId: string }) => {
      if (payload.messageId === messageId) resolve({ status: 'expired' })
    }
    const onCancelled = (payload: { messageId: string }) => {
      if (payload.messageId === messageId) resolve({ status: 'cancelled' })
    }
    const onDisconnect = () => resolve(undefined)
    const onAbort = () => reject(signal!.reason)
    socket.on('review:responded', onResponded)
    socket.on('review:expired', onExpired)
    socket.on('review:cancelled', onCancelled)
    socket.on('disconnect', onDisconnect)
    signal?.addEventListener('abort', onAbort, { once: true })
    // The connection may have dropped between untilConnected() and here.
    if (!socket.connected) resolve(undefined)
    release = () => {
      socket.off('review:responded', onResponded)
      socket.off('review:expired', onExpired)
      socket.off('review:cancelled', onCancelled)
      socket.off('disconnect', onDisconnect)
      signal?.removeEventListener('abort', onAbort)
    }
  })
  try {
    // Listening first, then (re)subscribing from the last position seen: an answer given while
    // nobody listened is replayed from the event log. The read after it covers a first
    // subscription, which has no position to replay from.
    // A refused subscription falls back to the long-poll, which reports the refusal as a 4xx.
    const isSubscribed = await Promise.race([
      realtime.subscribe(channelId).then(
        () => true,
        () => false,
      ),
      ended.then(() => true),
    ])
    if (!isSubscribed) return undefined
    const current = await Promise.race([client.getReview(messageId, channelId).then(endOf), ended])
    return current ?? (await ended)
  } finally {
    release()
  }
}

function endOf(message: Message): ReviewEnd | undefined {
  switch (message.review?.status) {
    case 'completed':
      return { status: 'completed', message }
    case 'expired':
    case 'cancelled':
      return { status: message.review.status, message }
    default:
      return undefined
  }
}

/** Sockets past their first connection attempt: when one of them is down, nobody waits for it. */
const settledSockets = new WeakSet<PlacetRealtime['socket']>()

/**
 * True when the socket is connected. A new socket's first attempt is awaited; after that, a
 * socket that is down answers false at once, so the wait long-polls while the socket reconnects
 * on its own (its retries back off to seconds apart).
 */
function untilConnected(realtime: PlacetRealtime, signal?: AbortSignal): Promise<boolean> {
  const { socket } = realtime
  if (socket.connected) settledSockets.add(socket)
  if (socket.connected) return Promise.resolve(true)
  if (!socket.active || settledSockets.has(socket)) return Promise.resolve(false)
  return new Promise((resolve, reject) => {
    const done = (isConnected: boolean) => {
      settledSockets.add(socket)
      socket.off('connect', onConnect)
      socket.off('connect_error', onError)
      signal?.removeEventListener('abort', onAbort)
      resolve(isConnected)
    }
    const onConnect = () => done(true)
    const onError = () => done(false)
    const onAbort = () => {
      done(false)
      reject(signal!.reason)
    }
    socket.on('connect', onConnect)
    socket.on('connect_error', onError)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

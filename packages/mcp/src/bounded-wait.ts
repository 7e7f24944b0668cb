import type { Placet } from '@placet/sdk'

/** How long one MCP call may wait, and how often it reports progress meanwhile. */
export type WaitLimits = {
  /** MCP_MAX_WAIT_S; many clients give up on a call after 60 s. */
  maxWaitMs: number
  /** Under the 15 s after which some clients consider a call dead. */
  progressEveryMs?: number
}

const DEFAULT_PROGRESS_EVERY_MS = 10_000

/** The part of a tool call's context a wait uses: its progress token, notifier and signal. */
type CallContext = {
  signal: AbortSignal
  _meta?: { progressToken?: string | number }
  sendNotification: (notification: {
    method: 'notifications/progress'
    params: { progressToken: string | number; progress: number; total?: number; message?: string }
  }) => Promise<void>
}

/**
 * Waits for a review's end for at most `maxWaitMs`, reporting `notifications/progress` when the
 * caller gave a progress token, so clients with short call timeouts keep the call open. At the
 * limit it answers `timeout` with the messageId: the review stays open in the server.
 */
export async function waitWithinLimit(
  placet: Placet,
  messageId: string,
  channelId: string,
  call: CallContext,
  limits: WaitLimits,
): Promise<unknown> {
  const limit = new AbortController()
  const timer = setTimeout(() => limit.abort(new Error('MCP_MAX_WAIT_S reached')), limits.maxWaitMs)
  const startedAt = Date.now()
  const progressToken = call._meta?.progressToken
  const report = () => {
    if (progressToken === undefined) return
    void call
      .sendNotification({
        method: 'notifications/progress',
        params: {
          progressToken,
          progress: Math.round((Date.now() - startedAt) / 1000),
          total: Math.round(limits.maxWaitMs / 1000),
          message: 'Waiting for a person to answer',
        },
      })
      .catch(() => undefined)
  }
  report()
  const beat = setInterval(report, limits.progressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS)
  try {
    return await placet.waitForAnswer(messageId, {
      channelId,
      signal: AbortSignal.any([limit.signal, call.signal]),
    })
  } catch (error) {
    if (!limit.signal.aborted) throw error
    return {
      status: 'timeout',
      messageId,
      hint: 'No answer yet; the review is still open. Call wait_for_review again with this messageId.',
    }
  } finally {
    clearTimeout(timer)
    clearInterval(beat)
  }
}

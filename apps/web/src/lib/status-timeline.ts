import type { AgentStatus, AgentStatusHistory } from '@placet/protocol'

/** A stretch of time an agent spent in one status, as fractions of the chart's width. */
export type StatusSegment = {
  status: AgentStatus
  from: string
  to: string
  /** Where the segment starts and how wide it is, 0..1 of the window. */
  offset: number
  width: number
}

/**
 * The status history (newest first, as `GET /api/agents/:id/stats` gives it) as segments of a
 * timeline from `windowStart` to `now`. A change before the window starts the first segment at
 * the window's edge; time before the first known change is left out.
 */
export function statusSegments(
  history: readonly AgentStatusHistory[],
  now: Date,
  windowMs: number,
): StatusSegment[] {
  const end = now.getTime()
  const start = end - windowMs
  const changes = [...history].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
  const segments: StatusSegment[] = []
  changes.forEach((change, index) => {
    const next = changes[index + 1]
    const from = Math.max(Date.parse(change.createdAt), start)
    const to = Math.min(next ? Date.parse(next.createdAt) : end, end)
    if (to <= from) return
    segments.push({
      status: change.status,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      offset: (from - start) / windowMs,
      width: (to - from) / windowMs,
    })
  })
  return segments
}

/** "3 d 4 h", "2 h 5 min", "42 s": how long since `since`, for uptime. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const days = Math.floor(seconds / 86_400)
  const hours = Math.floor((seconds % 86_400) / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${minutes} min`
  if (minutes > 0) return `${minutes} min`
  return `${seconds} s`
}

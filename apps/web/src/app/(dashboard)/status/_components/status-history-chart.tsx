import type { AgentStatusHistory } from '@placet/protocol'
import { formatDuration, statusSegments } from '../../../../lib/status-timeline'

const MAX_WINDOW_MS = 24 * 3_600_000
const MIN_WINDOW_MS = 60_000

/**
 * An agent's status as one bar from its first known change (at most 24 hours back) to now,
 * coloured per status (spec 6.5: a timeline people can take in at a glance), so a young
 * agent's history fills the bar. The same facts are listed for screen readers.
 */
export function StatusHistoryChart({
  history,
  now,
}: {
  history: readonly AgentStatusHistory[]
  now: number
}) {
  const oldest = Math.min(...history.map((row) => Date.parse(row.createdAt)), now)
  const windowMs = Math.min(Math.max(now - oldest, MIN_WINDOW_MS), MAX_WINDOW_MS)
  const segments = statusSegments(history, new Date(now), windowMs)
  const summary =
    segments.length === 0
      ? 'No status changes yet'
      : segments
          .map(
            (segment) =>
              `${segment.status} for ${formatDuration(Date.parse(segment.to) - Date.parse(segment.from))}`,
          )
          .join(', then ')
  return (
    <figure className="status-chart" data-testid="status-chart">
      <svg
        viewBox="0 0 1000 24"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Status over the last ${formatDuration(windowMs)}: ${summary}`}
      >
        <rect x="0" y="0" width="1000" height="24" className="status-chart-empty" />
        {segments.map((segment) => (
          <rect
            key={segment.from}
            x={segment.offset * 1000}
            y="0"
            width={Math.max(segment.width * 1000, 2)}
            height="24"
            className={`status-fill-${segment.status}`}
            data-status={segment.status}
          >
            <title>{segment.status}</title>
          </rect>
        ))}
      </svg>
      <figcaption className="status-chart-axis">
        <span>{formatDuration(windowMs)} ago</span>
        <span>now</span>
      </figcaption>
    </figure>
  )
}

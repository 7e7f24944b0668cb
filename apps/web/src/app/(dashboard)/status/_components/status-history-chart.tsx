import type { AgentStatusHistory } from '@placet/protocol'
import { formatDuration, statusSegments } from '../../../../lib/status-timeline'

const WINDOW_MS = 24 * 3_600_000

/**
 * The last 24 hours of an agent's status as one bar, coloured per status (spec 6.5: a
 * timeline people can take in at a glance). The same facts are listed for screen readers.
 */
export function StatusHistoryChart({
  history,
  now,
}: {
  history: readonly AgentStatusHistory[]
  now: number
}) {
  const segments = statusSegments(history, new Date(now), WINDOW_MS)
  const summary =
    segments.length === 0
      ? 'No status changes in the last 24 hours'
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
        aria-label={`Last 24 hours: ${summary}`}
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
        <span>24 h ago</span>
        <span>now</span>
      </figcaption>
    </figure>
  )
}

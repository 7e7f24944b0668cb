import type { ReviewStatus } from '@placet/protocol'

const LABELS = {
  pending: 'Pending',
  completed: 'Completed',
  expired: 'Expired',
  cancelled: 'Withdrawn',
} satisfies Record<ReviewStatus, string>

/** The review's state as a small coloured label. */
export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="review-status" data-status={status}>
      {LABELS[status]}
    </span>
  )
}

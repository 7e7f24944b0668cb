import type { Review } from '@placet/protocol'
import { formatDateTime } from '../../lib/format-date-time'
import { ReviewAnswer } from './review-answer'

/** A review that is no longer pending: who answered and what, or why it closed. */
export function ReviewOutcome({ review }: { review: Review }) {
  if (review.status === 'expired') return <p className="status-text">Expired without an answer.</p>
  if (review.status === 'cancelled') return <p className="status-text">Withdrawn by the agent.</p>
  return (
    <div className="review-outcome">
      <p className="status-text" data-testid="review-responder">
        Answered
        {review.respondedBy && <> by {review.respondedBy.name}</>}
        {review.completedAt && <> on {formatDateTime(review.completedAt)}</>}
      </p>
      <ReviewAnswer review={review} />
      {review.feedback && (
        <p className="preserve-lines">
          <span className="status-text">Feedback: </span>
          {review.feedback}
        </p>
      )}
    </div>
  )
}

'use client'

import { Message } from '@placet/protocol'
import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '../../../../lib/api-client'
import { plainPreview } from '../../../../lib/plain-preview'
import { pendingReviewsKey } from './use-chat-messages'

/** The bar shows this many open reviews, then "+N more" (spec 6.2). */
const SHOWN = 5

/** The chat's open reviews (`GET /api/messages/reviews?status=pending&channel=`), newest first. */
export function PendingReviewsBar({ channelId }: { channelId: string }) {
  const { data: reviews = [] } = useQuery({
    queryKey: pendingReviewsKey(channelId),
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/messages/reviews?${new URLSearchParams({ status: 'pending', channel: channelId })}`,
        { schema: Message.array(), signal },
      ),
  })
  if (reviews.length === 0) return null
  const hidden = reviews.length - SHOWN
  return (
    <nav className="pending-bar" aria-label="Open reviews" data-testid="pending-reviews">
      <span className="pending-bar-title">
        {reviews.length} open {reviews.length === 1 ? 'review' : 'reviews'}
      </span>
      <ul>
        {reviews.slice(0, SHOWN).map((review) => (
          <li key={review.id}>
            <a href={`#message-${review.id}`} className="pending-chip">
              {plainPreview(review.text, 40) || review.review?.type || 'Review'}
            </a>
          </li>
        ))}
        {hidden > 0 && <li className="pending-more">+{hidden} more</li>}
      </ul>
    </nav>
  )
}

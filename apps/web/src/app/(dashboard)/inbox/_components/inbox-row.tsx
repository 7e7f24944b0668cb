'use client'

import { formatDateTime } from '../../../../lib/format-date-time'
import { plainPreview } from '../../../../lib/plain-preview'
import type { ReviewThread } from '../../../../lib/review-threads'
import { ReviewStatusBadge } from '../../../_components/review-status-badge'
import { isPendingApproval } from './approval-choice'

type InboxRowProps = {
  thread: ReviewThread
  agentName: string
  isSelected: boolean
  isUnread: boolean
  isChecked: boolean
  onSelect: () => void
  onToggleChecked: () => void
}

/** One review in the list: unread dot, agent, Re-Review tag, first line, status, time. */
export function InboxRow({
  thread,
  agentName,
  isSelected,
  isUnread,
  isChecked,
  onSelect,
  onToggleChecked,
}: InboxRowProps) {
  const { message, isReReview } = thread
  const review = message.review!
  const title = plainPreview(message.text ?? '').split('\n')[0] || `${review.type} review`
  return (
    <li
      className="triage-row"
      aria-current={isSelected ? 'true' : undefined}
      data-testid="inbox-row"
      data-message-id={message.id}
      data-status={review.status}
      data-unread={isUnread}
    >
      {isPendingApproval(message) ? (
        <input
          type="checkbox"
          className="triage-check"
          checked={isChecked}
          onChange={onToggleChecked}
          aria-label={`Select “${title}” for bulk approval`}
          tabIndex={-1}
        />
      ) : (
        <span className="triage-check" aria-hidden="true" />
      )}
      <button
        type="button"
        className="triage-row-button"
        data-row-id={message.id}
        onClick={onSelect}
      >
        <span className="triage-row-top">
          {isUnread && (
            <span className="unread-dot" data-testid="unread-marker">
              <span className="visually-hidden">Unread, </span>
            </span>
          )}
          <span className="triage-agent">{agentName}</span>
          {isReReview && (
            <span className="badge badge-rereview" data-testid="rereview-tag">
              Re-Review
            </span>
          )}
          <ReviewStatusBadge status={review.status} />
        </span>
        <span className="triage-title">{title}</span>
        <span className="triage-time">
          {review.type} · {formatDateTime(message.createdAt)}
        </span>
      </button>
    </li>
  )
}

'use client'

import { Message, type JsonObject, type RespondBody, type ValidationIssue } from '@placet/protocol'
import { useState, type ReactNode } from 'react'
import { ApiError, apiRequest } from '../../lib/api-client'
import { describeRequestError } from '../../lib/describe-request-error'
import { formatDateTime } from '../../lib/format-date-time'
import { FeedbackField } from './feedback-field'
import { PendingReviewInput } from './pending-review-input'
import { ReviewOutcome } from './review-outcome'
import { ReviewStatusBadge } from './review-status-badge'

type ReviewCardProps = {
  message: Message
  agentName: string
  /** The server's copy of the message after this card's answer. */
  onAnswered: (message: Message) => void
  /** The review is no longer pending on the server (409): fetch its current state. */
  onStale: (id: string) => void
  /** The question, rendered by the caller (the chat renders markdown); plain text otherwise. */
  body?: ReactNode
}

type Submission =
  | { status: 'idle' | 'submitting' }
  | { status: 'failed'; message: string; issues: ValidationIssue[] }

/** One review of the inbox: who asks, what, until when, and the answer controls or outcome. */
export function ReviewCard({ message, agentName, onAnswered, onStale, body }: ReviewCardProps) {
  const [feedback, setFeedback] = useState('')
  const [submission, setSubmission] = useState<Submission>({ status: 'idle' })
  const { review } = message
  if (!review) return null
  const titleId = `review-${message.id}-title`

  const respond = async (response: JsonObject) => {
    setSubmission({ status: 'submitting' })
    const body: RespondBody = feedback.trim()
      ? { response, feedback: feedback.trim() }
      : { response }
    try {
      const answered = await apiRequest(`/api/messages/${encodeURIComponent(message.id)}/respond`, {
        method: 'POST',
        body,
        schema: Message,
      })
      setSubmission({ status: 'idle' })
      onAnswered(answered)
    } catch (error) {
      const issues = error instanceof ApiError ? (error.body.errors ?? []) : []
      const isStale = error instanceof ApiError && error.status === 409
      const text = isStale
        ? `${describeRequestError(error)}: it was answered, withdrawn or expired meanwhile.`
        : describeRequestError(error)
      setSubmission({ status: 'failed', message: text, issues })
      if (isStale) onStale(message.id)
    }
  }

  return (
    <article
      className="review-card"
      data-testid="review-card"
      data-message-id={message.id}
      data-review-type={review.type}
      aria-labelledby={titleId}
    >
      <header className="review-card-header">
        <h2 id={titleId} className="review-agent" data-testid="review-agent">
          {agentName}
        </h2>
        <ReviewStatusBadge status={review.status} />
      </header>
      <p className="review-meta">
        <span>Asked {formatDateTime(message.createdAt)}</span>
        {review.status === 'pending' && (
          <span data-testid="review-expiry">Expires {formatDateTime(review.expiresAt)}</span>
        )}
      </p>
      {body ?? (message.text && <p className="review-text preserve-lines">{message.text}</p>)}
      {submission.status === 'failed' && (
        <div className="alert" role="alert" data-testid="review-error">
          <p>{submission.message}</p>
          {submission.issues.length > 0 && (
            <ul>
              {submission.issues.map((issue, index) => (
                <li key={index}>
                  {issue.path.length > 0 && <code>{issue.path.join('.')}</code>} {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {review.status === 'pending' ? (
        <PendingReviewInput
          type={review.type}
          payload={review.payload}
          isSubmitting={submission.status === 'submitting'}
          onSubmit={(response) => void respond(response)}
        >
          <FeedbackField value={feedback} onChange={setFeedback} />
        </PendingReviewInput>
      ) : (
        <ReviewOutcome review={review} />
      )}
    </article>
  )
}

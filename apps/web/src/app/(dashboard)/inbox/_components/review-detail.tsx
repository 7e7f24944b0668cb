'use client'

import { IterationChain, type Message } from '@placet/protocol'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import type { ReviewThread } from '../../../../lib/review-threads'
import { MarkdownText } from '../../../_components/markdown-text'
import { ReviewCard } from '../../../_components/review-card'
import { IterationTrail } from '../../chats/_components/iteration-trail'

/** Text longer than this starts collapsed. */
const LONG_TEXT = 600

type ReviewDetailProps = {
  thread: ReviewThread
  agentName: string
  onAnswered: (message: Message) => void
  onStale: (id: string) => void
  /** Back to the list (phones show one pane at a time). */
  onBack: () => void
}

/**
 * The open review (spec 6.3): its text (collapsible when long), its files, the changes since
 * the previous revision on demand, and the review card, which stays in view while scrolling.
 */
export function ReviewDetail({
  thread,
  agentName,
  onAnswered,
  onStale,
  onBack,
}: ReviewDetailProps) {
  const { message, isReReview } = thread
  const text = message.text ?? ''
  const [isExpanded, setIsExpanded] = useState(text.length <= LONG_TEXT)
  const [isDiffShown, setIsDiffShown] = useState(false)
  const chain = useQuery({
    queryKey: ['iterations', message.id],
    enabled: isDiffShown,
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/messages/${encodeURIComponent(message.id)}/iterations?channel=${encodeURIComponent(message.channelId)}`,
        { schema: IterationChain, signal },
      ),
  })

  return (
    <article className="review-detail" aria-label={`Review from ${agentName}`}>
      <div className="review-detail-head">
        <button type="button" className="button button-ghost triage-back" onClick={onBack}>
          ← Reviews
        </button>
        {isReReview && (
          <>
            <span className="badge badge-rereview">Re-Review · version {message.iteration}</span>
            <button
              type="button"
              className="button button-secondary"
              aria-pressed={isDiffShown}
              onClick={() => setIsDiffShown((shown) => !shown)}
              data-testid="diff-toggle"
            >
              {isDiffShown ? 'Hide changes' : 'Show changes'}
            </button>
          </>
        )}
      </div>
      {isDiffShown &&
        (chain.error ? (
          <p className="alert" role="alert">
            {describeRequestError(chain.error)}
          </p>
        ) : chain.data ? (
          <IterationTrail message={message} chain={chain.data.iterations} isDiffOpen />
        ) : (
          <p className="status-text" role="status">
            Loading versions…
          </p>
        ))}
      {message.attachments.length > 0 && (
        <ul className="detail-files" aria-label="Files">
          {message.attachments.map((file) => (
            <li key={file.id}>
              {file.filename} <span className="hint">({Math.ceil(file.size / 1024)} KB)</span>
            </li>
          ))}
        </ul>
      )}
      <div className="review-detail-card">
        <ReviewCard
          message={message}
          agentName={agentName}
          onAnswered={onAnswered}
          onStale={onStale}
          body={
            text ? (
              <div className={isExpanded ? 'detail-text' : 'detail-text is-collapsed'}>
                <MarkdownText text={text} />
                {text.length > LONG_TEXT && (
                  <button
                    type="button"
                    className="link-button"
                    aria-expanded={isExpanded}
                    onClick={() => setIsExpanded((expanded) => !expanded)}
                  >
                    {isExpanded ? 'Show less' : 'Show all'}
                  </button>
                )}
              </div>
            ) : null
          }
        />
      </div>
    </article>
  )
}

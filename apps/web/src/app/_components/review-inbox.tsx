'use client'

import { useState } from 'react'
import { InboxFilter } from './inbox-filter'
import { MarkdownText } from './markdown-text'
import { ReviewCard } from './review-card'
import { useReviewInbox, type InboxFilter as InboxFilterValue } from './use-review-inbox'

const EMPTY_TEXT = {
  pending: 'No reviews are waiting for you. New requests from your agents appear here live.',
  completed: 'No answered reviews yet.',
  expired: 'No expired reviews.',
  all: 'Your agents have not asked for any reviews yet.',
} satisfies Record<InboxFilterValue, string>

/** The review inbox across all agents (spec 6.3), newest first, updated live. */
export function ReviewInbox() {
  const [filter, setFilter] = useState<InboxFilterValue>('pending')
  const inbox = useReviewInbox(filter)

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <div className="inbox-header">
        <h1 id="inbox-title">Reviews</h1>
        <InboxFilter value={filter} onChange={setFilter} />
        <span
          className={inbox.isLive ? 'live-dot is-live' : 'live-dot'}
          data-testid="inbox-live"
          data-live={inbox.isLive}
        >
          {inbox.isLive ? 'Live' : 'Connecting…'}
        </span>
      </div>
      {inbox.loadError && (
        <p className="alert" role="alert" data-testid="inbox-error">
          {inbox.loadError}
        </p>
      )}
      {inbox.isLoading ? (
        <p className="status-text" role="status">
          Loading reviews…
        </p>
      ) : inbox.messages.length === 0 ? (
        <p className="inbox-empty" data-testid="inbox-empty">
          {EMPTY_TEXT[filter]}
        </p>
      ) : (
        <ul className="review-list">
          {inbox.messages.map((message) => (
            <li key={message.id}>
              <ReviewCard
                message={message}
                agentName={
                  inbox.agentNames.get(message.channelId) ??
                  message.agentName ??
                  message.agent?.name ??
                  'Unknown agent'
                }
                onAnswered={inbox.updateMessage}
                onStale={inbox.refreshMessage}
                body={message.text ? <MarkdownText text={message.text} /> : null}
              />
            </li>
          ))}
        </ul>
      )}
      {inbox.hasMore && !inbox.isLoading && (
        <button
          type="button"
          className="button button-secondary load-more"
          onClick={() => void inbox.loadMore()}
          data-testid="load-more"
        >
          Load older reviews
        </button>
      )}
    </section>
  )
}

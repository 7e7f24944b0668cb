'use client'

import { Message, type RespondBody } from '@placet/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiError, apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { inboxActionOf, isTypingTarget } from '../../../../lib/inbox-shortcuts'
import { loadReadReviews, markReviewRead } from '../../../../lib/read-reviews'
import { groupReviewThreads } from '../../../../lib/review-threads'
import { useReviewInbox, type InboxFilter } from '../../../_components/use-review-inbox'
import { approvalChoice, isPendingApproval } from './approval-choice'
import { BulkApproveDialog, type BulkOutcome } from './bulk-approve-dialog'
import { InboxRow } from './inbox-row'
import { InboxToolbar, type InboxSort } from './inbox-toolbar'
import { ReviewDetail } from './review-detail'
import { ShortcutsDialog } from './shortcuts-dialog'

/**
 * The inbox built for triage (spec 6.3, issue 10): one list across agents with filters, the
 * latest revision of each review, unread markers, a detail pane, keyboard shortcuts and bulk
 * approval. After an answer the next pending review opens by itself.
 */
export function TriageInbox() {
  const [status, setStatus] = useState<InboxFilter>('pending')
  const [agent, setAgent] = useState('')
  const [sort, setSort] = useState<InboxSort>('newest')
  const [search, setSearch] = useState('')
  const inbox = useReviewInbox(status)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [isDetailOpen, setIsDetailOpen] = useState(false)
  const [readIds, setReadIds] = useState<ReadonlySet<string>>(new Set())
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set())
  const [isBulkOpen, setIsBulkOpen] = useState(false)
  const [isHelpOpen, setIsHelpOpen] = useState(false)
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const detailRef = useRef<HTMLDivElement>(null)

  useEffect(() => setReadIds(new Set(loadReadReviews(window.localStorage))), [])

  const nameOf = useCallback(
    (message: Message) =>
      inbox.agentNames.get(message.channelId) ??
      message.agentName ??
      message.agent?.name ??
      'Unknown agent',
    [inbox.agentNames],
  )

  const threads = useMemo(() => {
    const needle = search.trim().toLowerCase()
    const shown = inbox.messages.filter(
      (message) =>
        (!agent || message.channelId === agent) &&
        (!needle ||
          (message.text ?? '').toLowerCase().includes(needle) ||
          nameOf(message).toLowerCase().includes(needle)),
    )
    const ordered = sort === 'newest' ? shown : [...shown].reverse()
    return groupReviewThreads(ordered)
  }, [inbox.messages, agent, search, sort, nameOf])

  const selectedIndex = threads.findIndex((thread) => thread.message.id === selectedId)
  const selected = selectedIndex === -1 ? undefined : threads[selectedIndex]

  // Keep a selection while there is anything to select; a revision replaces its predecessor.
  useEffect(() => {
    if (selected || threads.length === 0) return
    setSelectedId(threads[0]!.message.id)
  }, [selected, threads])

  useEffect(() => {
    if (selected) setReadIds(new Set(markReviewRead(window.localStorage, selected.message.id)))
  }, [selected])

  const focusRow = useCallback((id: string) => {
    requestAnimationFrame(() =>
      listRef.current?.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(id)}"]`)?.focus(),
    )
  }, [])

  const select = useCallback(
    (index: number) => {
      const thread = threads[Math.max(0, Math.min(index, threads.length - 1))]
      if (!thread) return
      setSelectedId(thread.message.id)
      focusRow(thread.message.id)
    },
    [threads, focusRow],
  )

  /** After an answer: the next pending review below the answered one (or above, at the end). */
  const onAnswered = useCallback(
    (answered: Message) => {
      inbox.updateMessage(answered)
      const at = threads.findIndex((thread) => thread.message.id === answered.id)
      const isOpen = (index: number) =>
        threads[index]?.message.review?.status === 'pending' &&
        threads[index]!.message.id !== answered.id
      const after = threads.findIndex((_, index) => index > at && isOpen(index))
      const before = threads.findLastIndex((_, index) => index < at && isOpen(index))
      const next = after !== -1 ? after : before
      if (next !== -1) select(next)
    },
    [inbox, threads, select],
  )

  const toggleChecked = useCallback((id: string) => {
    setChecked((current) => {
      const next = new Set(current)
      if (!next.delete(id)) next.add(id)
      return next
    })
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isBulkOpen || isHelpOpen) return
      if (event.key === 'Escape' && isTypingTarget(event.target as HTMLElement)) {
        ;(event.target as HTMLElement).blur()
        if (selected) focusRow(selected.message.id)
        return
      }
      const action = inboxActionOf(event)
      if (!action) return
      // Enter on a button keeps its own meaning (pressing it), except on the list's rows.
      const target = event.target as HTMLElement
      if (
        action === 'open' &&
        target.closest('button, a, summary') &&
        !target.closest('[data-row-id]')
      )
        return
      event.preventDefault()
      const detail = detailRef.current
      switch (action) {
        case 'next':
          return select(selectedIndex + 1)
        case 'previous':
          return select(selectedIndex - 1)
        case 'open':
          setIsDetailOpen(true)
          requestAnimationFrame(() =>
            detailRef.current
              ?.querySelector<HTMLElement>(
                '[data-testid="review-card"] :is(input, textarea, select, button):not(:disabled)',
              )
              ?.focus(),
          )
          return
        case 'approve':
        case 'reject': {
          if (!selected || selected.message.review?.status !== 'pending') return
          const option = approvalChoice(selected.message, action)
          if (!option) return
          // The card's own button: its feedback, comment and error handling apply.
          ;[...(detail?.querySelectorAll<HTMLButtonElement>('.review-actions button') ?? [])]
            .find((button) => button.textContent === option.label)
            ?.click()
          return
        }
        case 'comment':
          setIsDetailOpen(true)
          requestAnimationFrame(() =>
            detailRef.current
              ?.querySelector<HTMLElement>('[data-testid="review-feedback"]')
              ?.focus(),
          )
          return
        case 'select':
          if (selected && isPendingApproval(selected.message)) toggleChecked(selected.message.id)
          return
        case 'filter':
          return searchRef.current?.focus()
        case 'help':
          return setIsHelpOpen(true)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [isBulkOpen, isHelpOpen, select, selected, selectedIndex, focusRow, toggleChecked])

  const checkedMessages = threads
    .map((thread) => thread.message)
    .filter((message) => checked.has(message.id) && isPendingApproval(message))

  const approveChecked = async (): Promise<BulkOutcome> => {
    const outcome: BulkOutcome = { approved: 0, failures: [] }
    // One at a time, through the normal respond path: each answer is checked on its own.
    for (const message of checkedMessages) {
      const option = approvalChoice(message, 'approve')!
      const body: RespondBody = { response: { selectedOption: option.id } }
      try {
        const answered = await apiRequest(
          `/api/messages/${encodeURIComponent(message.id)}/respond`,
          {
            method: 'POST',
            body,
            schema: Message,
          },
        )
        inbox.updateMessage(answered)
        outcome.approved += 1
      } catch (error) {
        const isStale = error instanceof ApiError && error.status === 409
        outcome.failures.push({
          title: (message.text ?? '').split('\n')[0] || nameOf(message),
          reason: isStale
            ? `${describeRequestError(error)}: answered, withdrawn or expired meanwhile`
            : describeRequestError(error),
        })
        if (isStale) inbox.refreshMessage(message.id)
      }
    }
    setChecked(new Set())
    setBulkOutcome(outcome)
    return outcome
  }

  return (
    <section className="triage" aria-labelledby="inbox-title" data-detail-open={isDetailOpen}>
      <div className="triage-head">
        <h1 id="inbox-title">Inbox</h1>
        <button type="button" className="button button-ghost" onClick={() => setIsHelpOpen(true)}>
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
      <InboxToolbar
        status={status}
        onStatus={(value) => {
          setStatus(value)
          setSelectedId(null)
          setChecked(new Set())
        }}
        agent={agent}
        onAgent={setAgent}
        agentNames={inbox.agentNames}
        sort={sort}
        onSort={setSort}
        search={search}
        onSearch={setSearch}
        searchRef={searchRef}
      />
      <div className="bulk-bar" aria-live="polite">
        {checkedMessages.length > 0 && (
          <>
            <span data-testid="bulk-count">{checkedMessages.length} selected</span>
            <button
              type="button"
              className="button"
              data-testid="bulk-approve"
              onClick={() => setIsBulkOpen(true)}
            >
              Approve {checkedMessages.length}…
            </button>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => setChecked(new Set())}
            >
              Clear
            </button>
          </>
        )}
      </div>
      {bulkOutcome && (
        <div
          className={bulkOutcome.failures.length > 0 ? 'alert' : 'notice'}
          role={bulkOutcome.failures.length > 0 ? 'alert' : 'status'}
          data-testid="bulk-outcome"
        >
          <p>
            Approved {bulkOutcome.approved} of {bulkOutcome.approved + bulkOutcome.failures.length}.
          </p>
          {bulkOutcome.failures.length > 0 && (
            <ul>
              {bulkOutcome.failures.map((failure, index) => (
                <li key={index}>
                  <strong>{failure.title}</strong>: {failure.reason}
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button button-ghost"
            onClick={() => setBulkOutcome(null)}
          >
            Dismiss
          </button>
        </div>
      )}
      {inbox.loadError && (
        <p className="alert" role="alert" data-testid="inbox-error">
          {inbox.loadError}
        </p>
      )}
      <div className="triage-panes">
        <div className="triage-list-pane">
          {inbox.isLoading ? (
            <p className="status-text" role="status">
              Loading reviews…
            </p>
          ) : threads.length === 0 ? (
            <p className="inbox-empty" data-testid="inbox-empty">
              {status === 'pending'
                ? 'No reviews are waiting for you. New requests from your agents appear here live.'
                : 'No reviews match these filters.'}
            </p>
          ) : (
            <ul className="triage-list" ref={listRef} aria-label="Reviews">
              {threads.map((thread) => (
                <InboxRow
                  key={thread.message.id}
                  thread={thread}
                  agentName={nameOf(thread.message)}
                  isSelected={thread.message.id === selectedId}
                  isUnread={!readIds.has(thread.message.id)}
                  isChecked={checked.has(thread.message.id)}
                  onSelect={() => {
                    setSelectedId(thread.message.id)
                    setIsDetailOpen(true)
                  }}
                  onToggleChecked={() => toggleChecked(thread.message.id)}
                />
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
        </div>
        <div className="triage-detail-pane" ref={detailRef} data-testid="review-detail">
          {selected ? (
            <ReviewDetail
              key={selected.message.id}
              thread={selected}
              agentName={nameOf(selected.message)}
              onAnswered={onAnswered}
              onStale={inbox.refreshMessage}
              onBack={() => {
                setIsDetailOpen(false)
                focusRow(selected.message.id)
              }}
            />
          ) : (
            <p className="status-text">Select a review to see it here.</p>
          )}
        </div>
      </div>
      <BulkApproveDialog
        open={isBulkOpen}
        onOpenChange={setIsBulkOpen}
        titles={checkedMessages.map(
          (message) => `${nameOf(message)}: ${(message.text ?? '').split('\n')[0] || 'approval'}`,
        )}
        onConfirm={approveChecked}
      />
      <ShortcutsDialog open={isHelpOpen} onOpenChange={setIsHelpOpen} />
    </section>
  )
}

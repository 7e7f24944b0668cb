'use client'

import {
  Message,
  type AgentListItem,
  type Attachment,
  type MessageStatusEvent,
} from '@placet/protocol'
import { useEffect, useLayoutEffect, useRef, useState, type DragEvent } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { newClientId } from '../../../../lib/new-client-id'
import { loadUnsentMessages, saveUnsentMessages } from '../../../../lib/unsent-messages'
import { ChatHeader } from './chat-header'
import { messagesOldestFirst } from './message-cache'
import { AttachmentPreviewDialog } from '../../../_components/attachment-preview-dialog'
import { MarkdownText } from '../../../_components/markdown-text'
import { MessageBubble } from './message-bubble'
import { MessageComposer } from './message-composer'
import { PendingReviewsBar } from './pending-reviews-bar'
import { useChatMessages } from './use-chat-messages'
import { useFileUploads } from './use-file-uploads'

/** A message typed here that the server has not confirmed yet (spec 6.2: optimistic sending). */
type PendingMessage = { clientId: string; text: string; error: string | null }

/**
 * What a stored pending message says after a reload: its request may or may not have reached
 * the server. If it did, the message list holds its `clientId` and it is not shown at all;
 * if not, Resend sends it with the same `clientId`, which the server stores at most once.
 */
const UNCONFIRMED_BEFORE_RELOAD = 'the page was left before the server confirmed it'

/** Stored pending messages of a chat, all "Not sent" until the message list says otherwise. */
function restorePending(channelId: string): PendingMessage[] {
  return loadUnsentMessages(window.localStorage, channelId).map((message) => ({
    ...message,
    error: UNCONFIRMED_BEFORE_RELOAD,
  }))
}

/** How close to the bottom (px) still counts as "reading the newest": new messages scroll in. */
const STICK_TO_BOTTOM_PX = 120

/** One open chat: header, open reviews, the messages with live streams, the input. */
export function ChatPane({ agent }: { agent: AgentListItem }) {
  const { query, liveStreams, progress, statusEvents, putMessage } = useChatMessages(agent.id)
  const [pending, setPending] = useState<PendingMessage[]>(() => restorePending(agent.id))
  const scroller = useRef<HTMLDivElement>(null)
  const isAtBottom = useRef(true)
  const heightBeforeOlder = useRef<number | null>(null)
  const { uploads, upload, dismiss } = useFileUploads(agent.id)
  const [preview, setPreview] = useState<Attachment | null>(null)
  const [isDragging, setIsDragging] = useState(false)

  const messages = messagesOldestFirst(query.data)
  const confirmed = new Set(messages.map(({ clientId }) => clientId).filter(Boolean))
  const unconfirmed = pending.filter(({ clientId }) => !confirmed.has(clientId))
  const unconfirmedToStore = JSON.stringify(
    unconfirmed.map(({ clientId, text }) => ({ clientId, text })),
  )
  const draftStreamIds = new Set(messages.map(({ streamId }) => streamId).filter(Boolean))
  const orphanStreams = [...liveStreams].filter(([streamId]) => !draftStreamIds.has(streamId))

  // Pending messages live in localStorage until the server's list holds their clientId, whether
  // the answer to the POST said so or a reconnection's replay or a reload did.
  useEffect(() => {
    saveUnsentMessages(window.localStorage, agent.id, JSON.parse(unconfirmedToStore))
  }, [agent.id, unconfirmedToStore])

  // Keep the view on the newest message, unless the reader scrolled up; keep the reader's
  // place when older messages are prepended. Only once the older page is in: the render that
  // merely starts the fetch ("Loading…") must not use up the height measured before it.
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    if (heightBeforeOlder.current !== null) {
      if (query.isFetchingNextPage) return
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current
      heightBeforeOlder.current = null
    } else if (isAtBottom.current) {
      element.scrollTop = element.scrollHeight
    }
  })

  function loadOlder() {
    if (!query.hasNextPage || query.isFetchingNextPage) return
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null
    void query.fetchNextPage()
  }

  function onScroll() {
    const element = scroller.current
    if (!element) return
    isAtBottom.current =
      element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX
    if (element.scrollTop < 80) loadOlder()
  }

  async function send(text: string, clientId = newClientId()) {
    isAtBottom.current = true
    setPending((current) => [
      ...current.filter((message) => message.clientId !== clientId),
      { clientId, text, error: null },
    ])
    try {
      const message = await apiRequest('/api/messages', {
        method: 'POST',
        body: { channelId: agent.id, text, clientId },
        schema: Message,
      })
      putMessage(message)
      setPending((current) => current.filter((entry) => entry.clientId !== clientId))
    } catch (error) {
      setPending((current) =>
        current.map((entry) =>
          entry.clientId === clientId ? { ...entry, error: describeRequestError(error) } : entry,
        ),
      )
    }
  }

  function attach(files: File[]) {
    isAtBottom.current = true
    upload(files)
  }

  // Only drags that carry files light the drop zone; dragged text goes to the textarea.
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')
  function onDragOver(event: DragEvent) {
    if (!carriesFiles(event)) return
    event.preventDefault()
    setIsDragging(true)
  }
  function onDragLeave(event: DragEvent) {
    // Leaving into a child element is still inside the pane.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setIsDragging(false)
  }
  function onDrop(event: DragEvent) {
    if (!carriesFiles(event)) return
    event.preventDefault()
    setIsDragging(false)
    attach([...event.dataTransfer.files])
  }

  const stepsOf = (message: Message): MessageStatusEvent[] => {
    if (!message.streamId) return []
    const byId = new Map((message.statusEvents ?? []).map((step) => [step.id, step]))
    for (const step of statusEvents.get(message.streamId) ?? []) byId.set(step.id, step)
    return [...byId.values()].sort((a, b) => a.index - b.index)
  }
  const chainOf = (message: Message) =>
    message.iterationGroupId
      ? messages.filter(({ iterationGroupId }) => iterationGroupId === message.iterationGroupId)
      : []

  return (
    <section
      className={isDragging ? 'chat-pane is-dropping' : 'chat-pane'}
      aria-labelledby="chat-title"
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <ChatHeader agent={agent} />
      <PendingReviewsBar channelId={agent.id} />
      <div className="chat-scroller" ref={scroller} onScroll={onScroll}>
        <div role="log" aria-label={`Messages with ${agent.name}`} className="message-list">
          {query.hasNextPage && (
            <button
              type="button"
              className="button button-secondary load-older"
              onClick={loadOlder}
              disabled={query.isFetchingNextPage}
              data-testid="load-older"
            >
              {query.isFetchingNextPage ? 'Loading…' : 'Load older messages'}
            </button>
          )}
          {query.isLoading && (
            <p className="status-text" role="status">
              Loading messages…
            </p>
          )}
          {query.error && (
            <p className="alert" role="alert">
              {describeRequestError(query.error)}
            </p>
          )}
          {!query.isLoading && messages.length === 0 && unconfirmed.length === 0 && (
            <p className="empty-text">No messages yet. Say hello, or wait for the agent to post.</p>
          )}
          {messages.map((message) => (
            <MessageBubble
              key={message.id}
              message={message}
              agentName={agent.name}
              liveText={message.streamId ? liveStreams.get(message.streamId) : undefined}
              steps={stepsOf(message)}
              chain={chainOf(message)}
              onChanged={putMessage}
              onStale={() => void query.refetch()}
              onOpenAttachment={setPreview}
            />
          ))}
          {orphanStreams.map(([streamId, text]) => (
            <article key={streamId} className="bubble bubble-agent" data-testid="live-stream">
              <header className="bubble-header">
                <span className="bubble-sender">{agent.name}</span>
              </header>
              <MarkdownText text={text} />
            </article>
          ))}
          {/* Shown once the list is loaded: a restored message the server has is no "Not sent". */}
          {query.isSuccess &&
            unconfirmed.map((message) => (
              <article
                key={message.clientId}
                className="bubble bubble-mine bubble-pending"
                data-testid="pending-message"
                data-state={message.error ? 'failed' : 'sending'}
              >
                <MarkdownText text={message.text} />
                {message.error ? (
                  <p className="not-sent" role="alert">
                    Not sent: {message.error}{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void send(message.text, message.clientId)}
                    >
                      Resend
                    </button>
                  </p>
                ) : (
                  <p className="hint">Sending…</p>
                )}
              </article>
            ))}
          {progress && (
            <p className="progress-line" role="status" data-testid="progress">
              Processing… {progress}
            </p>
          )}
        </div>
      </div>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((entry) => (
            <li key={entry.id} className="upload-row" data-testid="upload">
              <span className="upload-name">{entry.name}</span>
              {entry.error ? (
                <>
                  <span className="not-sent" role="alert">
                    Not sent: {entry.error}
                  </span>
                  <button type="button" className="link-button" onClick={() => dismiss(entry.id)}>
                    Dismiss
                  </button>
                </>
              ) : (
                <progress max={1} value={entry.progress} aria-label={`Uploading ${entry.name}`} />
              )}
            </li>
          ))}
        </ul>
      )}
      {isDragging && (
        <p className="drop-hint" aria-hidden="true">
          Drop files to send them to {agent.name}
        </p>
      )}
      <MessageComposer
        channelId={agent.id}
        commands={agent.commands ?? []}
        onSend={(text) => void send(text)}
        onAttach={attach}
      />
      <AttachmentPreviewDialog attachment={preview} onClose={() => setPreview(null)} />
    </section>
  )
}

'use client'

import type { Attachment, Message, MessageStatusEvent } from '@placet/protocol'
import { formatDateTime } from '../../../../lib/format-date-time'
import { AttachmentCard } from '../../../_components/attachment-card'
import { ReviewCard } from '../../../_components/review-card'
import { DeliveryTicks } from './delivery-ticks'
import { IterationTrail } from './iteration-trail'
import { MarkdownText } from '../../../_components/markdown-text'

type MessageBubbleProps = {
  message: Message
  agentName: string
  /** Text streamed so far for this draft, when it is ahead of the row. */
  liveText?: string
  /** Status steps of this message's stream, from the row and from `message:status`. */
  steps: MessageStatusEvent[]
  /** Other loaded versions of the same review chain, oldest first (empty when none). */
  chain: Message[]
  onChanged: (message: Message) => void
  onStale: (id: string) => void
  onOpenAttachment: (attachment: Attachment) => void
}

/** One message of a chat: sender, time, markdown, status colour, stream state, review, ticks. */
export function MessageBubble({
  message,
  agentName,
  liveText,
  steps,
  chain,
  onChanged,
  onStale,
  onOpenAttachment,
}: MessageBubbleProps) {
  const isMine = message.senderType === 'user'
  const isStreaming = message.streamState === 'streaming'
  const rowText = message.text ?? ''
  const text =
    isStreaming && liveText !== undefined && liveText.length > rowText.length ? liveText : rowText
  const sender = isMine ? 'You' : (message.agentName ?? agentName)
  const body = text ? <MarkdownText text={text} /> : null

  return (
    <article
      id={`message-${message.id}`}
      className={[
        'bubble',
        isMine ? 'bubble-mine' : 'bubble-agent',
        message.status ? `bubble-${message.status}` : '',
        message.review ? 'bubble-review' : '',
      ].join(' ')}
      data-testid="message"
      data-message-id={message.id}
      data-stream-state={message.streamState ?? undefined}
      aria-label={`${sender}, ${formatDateTime(message.createdAt)}`}
    >
      <header className="bubble-header">
        <span className="bubble-sender">{sender}</span>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
        {message.status && (
          <span className={`color-tag color-${message.status}`}>{message.status}</span>
        )}
      </header>
      {chain.length > 1 && <IterationTrail message={message} chain={chain} />}
      {message.review ? (
        <ReviewCard
          message={message}
          agentName={sender}
          onAnswered={onChanged}
          onStale={onStale}
          body={body}
        />
      ) : (
        body
      )}
      {message.attachments.length > 0 && (
        <div className="attachment-list">
          {message.attachments.map((attachment) => (
            <AttachmentCard key={attachment.id} attachment={attachment} onOpen={onOpenAttachment} />
          ))}
        </div>
      )}
      {isStreaming && (
        <p className="typing" data-testid="streaming">
          <span className="visually-hidden">The agent is still writing</span>
          <span aria-hidden="true">▍</span>
        </p>
      )}
      {message.streamState === 'aborted' && <p className="hint">The agent stopped this answer.</p>}
      {steps.length > 0 && (
        <ol className="status-steps" aria-label="Steps" data-testid="status-steps">
          {steps.map((step) => (
            <li key={step.id} className={step.toolHint ? 'is-tool' : undefined}>
              {step.text}
            </li>
          ))}
        </ol>
      )}
      {isMine && <DeliveryTicks messageId={message.id} status={message.deliveryStatus} />}
    </article>
  )
}

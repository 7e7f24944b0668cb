'use client'

import { ApprovalPayload, DEFAULT_APPROVAL_OPTIONS, type ApprovalResponse } from '@placet/protocol'
import { useId, useState } from 'react'
import type { ReviewInputProps } from './review-input-types'

/** An approval (spec 1.6): one button per option, Approve/Reject when the agent sent none. */
export function ApprovalReview({ payload, onSubmit, isSubmitting, children }: ReviewInputProps) {
  const commentId = useId()
  const [comment, setComment] = useState('')
  const parsed = ApprovalPayload.safeParse(payload)
  const options = parsed.success ? parsed.data.options : DEFAULT_APPROVAL_OPTIONS
  const allowComment = parsed.success && parsed.data.allowComment === true

  const choose = (selectedOption: string) => {
    const response: ApprovalResponse = comment.trim()
      ? { selectedOption, comment: comment.trim() }
      : { selectedOption }
    onSubmit(response)
  }

  return (
    <div className="review-input">
      {allowComment && (
        <div className="field">
          <label htmlFor={commentId}>Comment (optional)</label>
          <textarea
            id={commentId}
            rows={2}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
          />
        </div>
      )}
      {children}
      <div className="review-actions">
        {options.map((option) => (
          <button
            key={option.id}
            type="button"
            className={`button button-${option.style ?? 'secondary'}`}
            disabled={isSubmitting}
            onClick={() => choose(option.id)}
          >
            {option.label}
          </button>
        ))}
      </div>
    </div>
  )
}

'use client'

import { useId } from 'react'

type FeedbackFieldProps = { value: string; onChange: (value: string) => void }

/** The optional free text sent with any answer (`feedback`, spec 3.5). */
export function FeedbackField({ value, onChange }: FeedbackFieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>Feedback for the agent (optional)</label>
      <textarea
        id={id}
        rows={2}
        value={value}
        data-testid="review-feedback"
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  )
}

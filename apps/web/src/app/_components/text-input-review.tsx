'use client'

import { TextInputPayload, type TextInputResponse } from '@placet/protocol'
import { useId, useState, type FormEvent } from 'react'
import type { ReviewInputProps } from './review-input-types'

/** A text-input review (spec 1.6): one textarea with the agent's prefill and length limits. */
export function TextInputReview({ payload, onSubmit, isSubmitting, children }: ReviewInputProps) {
  const id = useId()
  const parsed = TextInputPayload.safeParse(payload ?? {})
  const options = parsed.success ? parsed.data : {}
  const [text, setText] = useState(options.prefill ?? '')
  const { minLength, maxLength } = options

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const response: TextInputResponse = { text }
    onSubmit(response)
  }

  return (
    <form className="review-input" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Your answer</label>
        <textarea
          id={id}
          rows={5}
          value={text}
          placeholder={options.placeholder}
          minLength={minLength}
          maxLength={maxLength}
          required={minLength !== undefined && minLength > 0}
          onChange={(event) => setText(event.target.value)}
        />
        <p className="hint">
          {text.length}
          {maxLength !== undefined && ` / ${maxLength}`} characters
          {minLength !== undefined && ` (at least ${minLength})`}
        </p>
      </div>
      {children}
      <div className="review-actions">
        <button type="submit" className="button" disabled={isSubmitting}>
          Submit
        </button>
      </div>
    </form>
  )
}

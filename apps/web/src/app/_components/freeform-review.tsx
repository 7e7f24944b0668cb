'use client'

import { FreeformResponse } from '@placet/protocol'
import { useId, useState, type FormEvent } from 'react'
import type { ReviewInputProps } from './review-input-types'

/** A freeform review without its plugin (spec 1.6): a JSON editor whose answer is an object. */
export function FreeformReview({ onSubmit, isSubmitting, children }: ReviewInputProps) {
  const id = useId()
  const [json, setJson] = useState('{\n  \n}')
  const [problem, setProblem] = useState<string | null>(null)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch {
      setProblem('This is not valid JSON.')
      return
    }
    const parsed = FreeformResponse.safeParse(value)
    if (!parsed.success || Array.isArray(value)) {
      setProblem('The answer must be a JSON object, like {"ok": true}.')
      return
    }
    setProblem(null)
    onSubmit(parsed.data)
  }

  return (
    <form className="review-input" onSubmit={submit}>
      <div className="field">
        <label htmlFor={id}>Answer (JSON object)</label>
        <textarea
          id={id}
          className="code-input"
          rows={6}
          spellCheck={false}
          value={json}
          aria-invalid={problem !== null}
          onChange={(event) => setJson(event.target.value)}
        />
        {problem && (
          <p className="alert" role="alert">
            {problem}
          </p>
        )}
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

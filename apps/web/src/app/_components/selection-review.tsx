'use client'

import { SelectionPayload, type SelectionResponse } from '@placet/protocol'
import { useId, useState, type FormEvent } from 'react'
import type { ReviewInputProps } from './review-input-types'

/** A selection (spec 1.6): radios for `single`, checkboxes for `multi`. */
export function SelectionReview({ payload, onSubmit, isSubmitting, children }: ReviewInputProps) {
  const name = useId()
  const [selectedIds, setSelectedIds] = useState<string[]>([])
  const parsed = SelectionPayload.safeParse(payload)
  if (!parsed.success) return <p className="alert">This selection cannot be shown.</p>
  const { mode, items } = parsed.data
  const isMulti = mode === 'multi'

  const toggle = (id: string, isChecked: boolean) =>
    setSelectedIds((current) =>
      !isMulti ? [id] : isChecked ? [...current, id] : current.filter((item) => item !== id),
    )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    // Keep the agent's item order, whatever order they were ticked in.
    const response: SelectionResponse = {
      selectedIds: items.map(({ id }) => id).filter((id) => selectedIds.includes(id)),
    }
    onSubmit(response)
  }

  return (
    <form className="review-input" onSubmit={submit}>
      <fieldset className="choice-list">
        <legend className="visually-hidden">{isMulti ? 'Choose any' : 'Choose one'}</legend>
        {items.map((item) => (
          <label key={item.id} className="choice">
            <input
              type={isMulti ? 'checkbox' : 'radio'}
              name={name}
              value={item.id}
              checked={selectedIds.includes(item.id)}
              onChange={(event) => toggle(item.id, event.target.checked)}
            />
            <span>
              <span className="choice-label">{item.label}</span>
              {item.description && <span className="hint">{item.description}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      {children}
      <div className="review-actions">
        <button
          type="submit"
          className="button"
          disabled={isSubmitting || selectedIds.length === 0}
        >
          Submit
        </button>
      </div>
    </form>
  )
}

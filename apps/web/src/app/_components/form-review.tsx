'use client'

import { FormPayload, type FormField, type FormResponse } from '@placet/protocol'
import { useState, type FormEvent } from 'react'
import { FormFieldInput, type FormFieldValue } from './form-field-input'
import type { ReviewInputProps } from './review-input-types'

/**
 * A form review (spec 1.6): every field with its default; the browser checks required fields
 * and limits before the server checks them again. Dismiss answers `{_dismissed: true}`.
 */
export function FormReview({ payload, onSubmit, isSubmitting, children }: ReviewInputProps) {
  const parsed = FormPayload.safeParse(payload)
  const [values, setValues] = useState<Record<string, FormFieldValue>>(() =>
    parsed.success ? Object.fromEntries(parsed.data.fields.map((f) => [f.name, initialOf(f)])) : {},
  )
  if (!parsed.success) return <p className="alert">This form cannot be shown.</p>
  const { fields, submitLabel, dismissLabel } = parsed.data

  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit(answerOf(fields, values))
  }

  return (
    <form className="review-input" onSubmit={submit}>
      {fields.map((field) => (
        <FormFieldInput
          key={field.name}
          field={field}
          value={values[field.name] ?? initialOf(field)}
          onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
      {children}
      <div className="review-actions">
        <button type="submit" className="button" disabled={isSubmitting}>
          {submitLabel || 'Submit'}
        </button>
        {dismissLabel && (
          <button
            type="button"
            className="button button-secondary"
            disabled={isSubmitting}
            onClick={() => onSubmit({ _dismissed: true })}
          >
            {dismissLabel}
          </button>
        )}
      </div>
    </form>
  )
}

function initialOf(field: FormField): FormFieldValue {
  if (field.type === 'checkbox') return field.defaultValue === true || field.defaultValue === 'true'
  if (field.defaultValue !== undefined) return String(field.defaultValue)
  // A range input always has a value; start where the browser draws the thumb's minimum.
  return field.type === 'range' ? String(field.min ?? 0) : ''
}

/** Numbers as numbers, empty optional fields as null, checkboxes as booleans. */
function answerOf(fields: FormField[], values: Record<string, FormFieldValue>): FormResponse {
  const answer: FormResponse = {}
  for (const field of fields) {
    const value = values[field.name] ?? initialOf(field)
    if (typeof value === 'boolean') answer[field.name] = value
    else if (value === '') answer[field.name] = null
    else if (field.type === 'number' || field.type === 'range') answer[field.name] = Number(value)
    else answer[field.name] = value
  }
  return answer
}

'use client'

import type { FormField } from '@placet/protocol'
import { useId } from 'react'

/** What a field's control holds: checkboxes a boolean, everything else the input's text. */
export type FormFieldValue = string | boolean

type FormFieldInputProps = {
  field: FormField
  value: FormFieldValue
  onChange: (value: FormFieldValue) => void
}

/** The HTML input type of each text-like field type; `datetime` is a local date and time. */
const INPUT_TYPES = {
  text: 'text',
  number: 'number',
  email: 'email',
  url: 'url',
  date: 'date',
  time: 'time',
  datetime: 'datetime-local',
  range: 'range',
  password: 'password',
} as const

/** One field of a form review (spec 1.6), labelled, with its required marker and limits. */
export function FormFieldInput({ field, value, onChange }: FormFieldInputProps) {
  const id = useId()
  const isRequired = field.required === true
  const label = (
    <label htmlFor={id}>
      {field.label || field.name}
      {isRequired && (
        <span className="required-marker" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </label>
  )

  if (field.type === 'checkbox') {
    return (
      <div className="field field-checkbox">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          required={isRequired}
          onChange={(event) => onChange(event.target.checked)}
        />
        <div>
          {label}
          {field.description && <p className="hint">{field.description}</p>}
        </div>
      </div>
    )
  }

  const text = typeof value === 'string' ? value : ''
  let control
  if (field.type === 'textarea') {
    control = (
      <textarea
        id={id}
        rows={3}
        value={text}
        required={isRequired}
        placeholder={field.placeholder}
        minLength={field.min}
        maxLength={field.max}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  } else if (field.type === 'select') {
    control = (
      <select
        id={id}
        value={text}
        required={isRequired}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{field.placeholder ?? 'Choose…'}</option>
        {(field.options ?? []).map((option) => {
          const { value: optionValue, label: optionLabel } =
            typeof option === 'string' ? { value: option, label: option } : option
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          )
        })}
      </select>
    )
  } else {
    const isNumeric = field.type === 'number' || field.type === 'range'
    const isText = field.type === 'text' || field.type === 'password'
    control = (
      <input
        id={id}
        type={INPUT_TYPES[field.type]}
        value={text}
        required={isRequired}
        placeholder={field.placeholder}
        min={isNumeric ? field.min : undefined}
        max={isNumeric ? field.max : undefined}
        step={isNumeric ? field.step : undefined}
        minLength={isText ? field.min : undefined}
        maxLength={isText ? field.max : undefined}
        autoComplete={field.type === 'password' ? 'off' : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }

  return (
    <div className="field">
      {label}
      <div className="field-control">
        {control}
        {field.type === 'range' && <output htmlFor={id}>{text}</output>}
        {field.unit && <span className="field-unit">{field.unit}</span>}
      </div>
      {field.description && <p className="hint">{field.description}</p>}
    </div>
  )
}

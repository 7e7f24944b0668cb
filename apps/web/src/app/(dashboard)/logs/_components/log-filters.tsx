'use client'

import { useId } from 'react'

export type FilterOption = { value: string; label: string }

/** One labelled select of a log's filter bar; '' means "any". */
export function LogFilter({
  label,
  value,
  options,
  onChange,
}: {
  label: string
  value: string
  options: readonly FilterOption[]
  onChange: (value: string) => void
}) {
  const id = useId()
  return (
    <div className="field log-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The agent options of a filter: any agent, then each by name. */
export function agentOptions(agentNames: ReadonlyMap<string, string>): FilterOption[] {
  return [
    { value: '', label: 'All agents' },
    ...[...agentNames].map(([value, label]) => ({ value, label })),
  ]
}

'use client'

import type { InboxFilter as InboxFilterValue } from './use-review-inbox'

const FILTERS = [
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
  { value: 'all', label: 'All' },
] as const satisfies readonly { value: InboxFilterValue; label: string }[]

type InboxFilterProps = { value: InboxFilterValue; onChange: (value: InboxFilterValue) => void }

/** Pending / completed / all (spec 6.3). */
export function InboxFilter({ value, onChange }: InboxFilterProps) {
  return (
    <div className="segmented" role="group" aria-label="Show reviews" data-testid="inbox-filter">
      {FILTERS.map((filter) => (
        <button
          key={filter.value}
          type="button"
          className="segmented-item"
          aria-pressed={filter.value === value}
          onClick={() => onChange(filter.value)}
        >
          {filter.label}
        </button>
      ))}
    </div>
  )
}

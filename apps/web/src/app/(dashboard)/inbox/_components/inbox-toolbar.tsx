'use client'

import { useId, type RefObject } from 'react'
import type { InboxFilter } from '../../../_components/use-review-inbox'

export type InboxSort = 'newest' | 'oldest'

const STATUSES = [
  { value: 'pending', label: 'Pending' },
  { value: 'completed', label: 'Completed' },
  { value: 'expired', label: 'Expired' },
  { value: 'all', label: 'All' },
] as const satisfies readonly { value: InboxFilter; label: string }[]

type InboxToolbarProps = {
  status: InboxFilter
  onStatus: (value: InboxFilter) => void
  agent: string
  onAgent: (value: string) => void
  agentNames: ReadonlyMap<string, string>
  sort: InboxSort
  onSort: (value: InboxSort) => void
  search: string
  onSearch: (value: string) => void
  searchRef: RefObject<HTMLInputElement | null>
}

/** Status, agent, order and a text filter (`/` focuses it) of the inbox (spec 6.3). */
export function InboxToolbar(props: InboxToolbarProps) {
  const searchId = useId()
  const agentId = useId()
  const sortId = useId()
  return (
    <div className="triage-toolbar">
      <div className="segmented" role="group" aria-label="Show reviews" data-testid="inbox-filter">
        {STATUSES.map((status) => (
          <button
            key={status.value}
            type="button"
            className="segmented-item"
            aria-pressed={status.value === props.status}
            onClick={() => props.onStatus(status.value)}
          >
            {status.label}
          </button>
        ))}
      </div>
      <div className="field triage-search">
        <label htmlFor={searchId}>Filter</label>
        <input
          id={searchId}
          ref={props.searchRef}
          type="search"
          placeholder="Text or agent  /"
          value={props.search}
          onChange={(event) => props.onSearch(event.target.value)}
          data-testid="inbox-search"
        />
      </div>
      <div className="field">
        <label htmlFor={agentId}>Agent</label>
        <select
          id={agentId}
          value={props.agent}
          onChange={(event) => props.onAgent(event.target.value)}
        >
          <option value="">All agents</option>
          {[...props.agentNames].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={sortId}>Order</label>
        <select
          id={sortId}
          value={props.sort}
          onChange={(event) => props.onSort(event.target.value as InboxSort)}
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
      </div>
    </div>
  )
}

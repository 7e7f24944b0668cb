'use client'

import type { AgentListItem } from '@placet/protocol'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import { formatListTime } from '../../../../lib/format-relative-time'
import { plainPreview } from '../../../../lib/plain-preview'
import { chatRoute } from '../../../../lib/routes'
import { AgentAvatar } from './agent-avatar'
import { NewAgentDialog } from './new-agent-dialog'

type AgentGroup = { tag: string | null; agents: AgentListItem[] }

/** Top-level agents grouped by tag (untagged first), each followed by its sub-agents. */
function groupAgents(agents: AgentListItem[]): {
  groups: AgentGroup[]
  childrenOf: Map<string, AgentListItem[]>
} {
  const ids = new Set(agents.map(({ id }) => id))
  const childrenOf = new Map<string, AgentListItem[]>()
  const groups = new Map<string | null, AgentListItem[]>()
  for (const agent of agents) {
    if (agent.isSubagent && agent.parentAgentId && ids.has(agent.parentAgentId)) {
      childrenOf.set(agent.parentAgentId, [...(childrenOf.get(agent.parentAgentId) ?? []), agent])
    } else {
      groups.set(agent.tag, [...(groups.get(agent.tag) ?? []), agent])
    }
  }
  const sorted = [...groups.entries()].sort(([a], [b]) =>
    a === null ? -1 : b === null ? 1 : a.localeCompare(b),
  )
  return { groups: sorted.map(([tag, list]) => ({ tag, agents: list })), childrenOf }
}

/** Where the list's layout is remembered: a view choice of this device, not of the account. */
const GROUPING_KEY = 'placet:chat-list-grouped'

/** Every agent as one list, the most recently active first (the flat view of spec 6.2). */
function byLastMessage(agents: AgentListItem[]): AgentListItem[] {
  const timeOf = (agent: AgentListItem) => agent.lastMessageTime ?? agent.createdAt
  return [...agents].sort((a, b) => timeOf(b).localeCompare(timeOf(a)))
}

/** Grouped by tag (the default) or flat, remembered in localStorage. */
function useGroupedView(): [boolean, (isGrouped: boolean) => void] {
  const [isGrouped, setIsGrouped] = useState(true)
  // Read after mounting: the static export renders the grouped view first.
  useEffect(() => {
    try {
      if (window.localStorage.getItem(GROUPING_KEY) === 'flat') setIsGrouped(false)
    } catch {
      // Storage disabled: the default view.
    }
  }, [])
  const choose = (value: boolean) => {
    setIsGrouped(value)
    try {
      window.localStorage.setItem(GROUPING_KEY, value ? 'grouped' : 'flat')
    } catch {
      // Storage full or disabled: the choice lasts until the page is left.
    }
  }
  return [isGrouped, choose]
}

/**
 * The chat list of spec 6.2: one link per agent, grouped by tag with sub-agents under their
 * parent, or flat by last activity; plus "New agent".
 */
export function AgentSidebar({
  agents,
  openAgentId,
  isLoading,
  error,
}: {
  agents: AgentListItem[]
  openAgentId: string | null
  isLoading: boolean
  error: string | null
}) {
  const [isGrouped, setIsGrouped] = useGroupedView()
  const grouped = groupAgents(agents)
  const { groups, childrenOf } = isGrouped
    ? grouped
    : { groups: [{ tag: null, agents: byLastMessage(agents) }], childrenOf: new Map() }
  const renderRows = (list: AgentListItem[], depth: number) =>
    list.map((agent) => (
      <li key={agent.id}>
        <AgentRow agent={agent} isOpen={agent.id === openAgentId} depth={depth} />
        {(childrenOf.get(agent.id)?.length ?? 0) > 0 && (
          <ul className="agent-list" aria-label={`Sub-agents of ${agent.name}`}>
            {renderRows(childrenOf.get(agent.id) ?? [], depth + 1)}
          </ul>
        )}
      </li>
    ))

  return (
    <section className="chat-sidebar" aria-labelledby="chats-title">
      <div className="chat-sidebar-head">
        <h1 id="chats-title">Chats</h1>
        <NewAgentDialog />
      </div>
      {agents.length > 0 && (
        <button
          type="button"
          className="link-button chat-list-view"
          aria-pressed={isGrouped}
          onClick={() => setIsGrouped(!isGrouped)}
        >
          Group by tag
        </button>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {isLoading ? (
        <p className="status-text" role="status">
          Loading agents…
        </p>
      ) : agents.length === 0 ? (
        <p className="empty-text" data-testid="agents-empty">
          No agents yet. Create one here, or let an agent register itself with an API key.
        </p>
      ) : (
        groups.map(({ tag, agents: list }) =>
          tag === null ? (
            <ul key="untagged" className="agent-list">
              {renderRows(list, 0)}
            </ul>
          ) : (
            <details key={tag} className="agent-group" open>
              <summary>{tag}</summary>
              <ul className="agent-list">{renderRows(list, 0)}</ul>
            </details>
          ),
        )
      )}
    </section>
  )
}

function AgentRow({
  agent,
  isOpen,
  depth,
}: {
  agent: AgentListItem
  isOpen: boolean
  depth: number
}) {
  const detailsId = `agent-${agent.id}-details`
  return (
    <Link
      href={chatRoute(agent.id)}
      className="agent-row"
      aria-label={agent.name}
      aria-describedby={detailsId}
      aria-current={isOpen ? 'page' : undefined}
      data-testid="agent-row"
      data-agent-id={agent.id}
      style={{ paddingInlineStart: `calc(var(--space-3) + ${depth * 1.25}rem)` }}
    >
      <AgentAvatar
        agentId={agent.id}
        name={agent.name}
        avatarUrl={agent.avatarUrl}
        status={agent.status}
      />
      <span className="agent-row-body">
        <span className="agent-row-top">
          <span className="agent-row-name">{agent.name}</span>
          {agent.lastMessageTime && (
            <time className="agent-row-time" dateTime={agent.lastMessageTime}>
              {formatListTime(agent.lastMessageTime)}
            </time>
          )}
        </span>
        <span className="agent-row-bottom" id={detailsId}>
          <span className="agent-row-preview">
            {agent.lastMessage === null ? 'No messages yet' : plainPreview(agent.lastMessage)}
          </span>
          {agent.unreadCount > 0 && (
            <span className="unread-badge" data-testid="unread-badge">
              {agent.unreadCount}
              <span className="visually-hidden"> unread</span>
            </span>
          )}
        </span>
      </span>
    </Link>
  )
}

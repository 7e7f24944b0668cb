'use client'

import type { AgentListItem } from '@placet/protocol'
import Link from 'next/link'
import { useEffect, useState } from 'react'
import { formatTimeAgo } from '../../../../lib/format-relative-time'
import { ROUTES } from '../../../../lib/routes'
import { AgentAvatar } from './agent-avatar'
import { ChatSettingsDialog } from './chat-settings-dialog'

/** "Last seen" shows once an agent has been quiet this long (spec 1.11, 6.2). */
const QUIET_AFTER_MS = 5 * 60_000

const STATUS_LABELS = {
  active: 'Active',
  busy: 'Busy',
  error: 'Error',
  offline: 'Offline',
} as const

/** Name, live status and "last seen" of the open chat, with its settings. */
export function ChatHeader({ agent }: { agent: AgentListItem }) {
  // Re-rendered every minute so "last seen" stays true while the chat stays open.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  const lastActive = agent.lastActiveAt ? Date.parse(agent.lastActiveAt) : null
  const isQuiet = lastActive === null || now - lastActive > QUIET_AFTER_MS

  return (
    <header className="chat-header">
      <Link href={ROUTES.chats} className="icon-button chat-back" aria-label="All chats">
        ←
      </Link>
      <AgentAvatar
        agentId={agent.id}
        name={agent.name}
        avatarUrl={agent.avatarUrl}
        status={agent.status}
      />
      <div className="chat-title">
        <h2 data-testid="chat-title">{agent.name}</h2>
        <p className="chat-status" data-testid="chat-status" data-status={agent.status}>
          <span>{STATUS_LABELS[agent.status]}</span>
          {agent.statusMessage && <span> · {agent.statusMessage}</span>}
          {isQuiet && agent.lastActiveAt && (
            <span> · last seen {formatTimeAgo(agent.lastActiveAt, now)}</span>
          )}
        </p>
      </div>
      <ChatSettingsDialog agent={agent} />
    </header>
  )
}

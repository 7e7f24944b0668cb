'use client'

import { useSearchParams } from 'next/navigation'
import { useEffect } from 'react'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { AgentSidebar } from './agent-sidebar'
import { ChatPane } from './chat-pane'
import { useAgents } from './use-agents'

/**
 * Chats (spec 6.2): the agent list beside the open chat on desktop; on a phone one of the
 * two, by whether `?agent=` names a chat.
 */
export function ChatsScreen() {
  const openAgentId = useSearchParams().get('agent')
  const agents = useAgents(openAgentId)
  const list = agents.data ?? []
  const openAgent = list.find(({ id }) => id === openAgentId)
  const { patchAgent } = agents

  // Opening a chat reads it: the socket's `channel:read` records it, the badge goes at once.
  useEffect(() => {
    if (openAgent && openAgent.unreadCount > 0)
      patchAgent(openAgent.id, (agent) => ({ ...agent, unreadCount: 0 }))
  }, [openAgent, patchAgent])

  return (
    <div className={openAgentId ? 'chats has-open-chat' : 'chats'}>
      <AgentSidebar
        agents={list}
        openAgentId={openAgentId}
        isLoading={agents.isLoading}
        error={agents.error ? describeRequestError(agents.error) : null}
      />
      {openAgent ? (
        <ChatPane key={openAgent.id} agent={openAgent} />
      ) : (
        <section className="chat-pane chat-placeholder" aria-label="No chat open">
          <p className="empty-text">
            {openAgentId && !agents.isLoading
              ? 'This agent does not exist or is not yours.'
              : 'Pick an agent to open its chat.'}
          </p>
        </section>
      )}
    </div>
  )
}

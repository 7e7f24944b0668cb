'use client'

import {
  AgentCommandsPayload,
  AgentListItem,
  AgentStatusPayload,
  MessageEventPayload,
} from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { useSocketEvent } from '../../../../lib/dashboard-socket-context'

export const AGENTS_KEY = ['agents'] as const

/**
 * The user's agents with preview, time and unread count (`GET /api/agents`), patched live:
 * a new message moves its preview, an agent message in a chat that is not open counts as
 * unread, and `agent:status` moves the status dot.
 */
export function useAgents(openAgentId: string | null) {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: AGENTS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/agents', { schema: AgentListItem.array(), signal }),
    // No event announces an agent made elsewhere (the API, another tab), and Files loads this
    // list too: each screen that shows it loads it fresh.
    refetchOnMount: 'always',
  })

  const patchAgent = useCallback(
    (id: string, patch: (agent: AgentListItem) => AgentListItem) =>
      queryClient.setQueryData<AgentListItem[]>(AGENTS_KEY, (agents) =>
        agents?.map((agent) => (agent.id === id ? patch(agent) : agent)),
      ),
    [queryClient],
  )

  useSocketEvent('message:created', (payload) => {
    const parsed = MessageEventPayload.safeParse(payload)
    if (!parsed.success) return
    const message = parsed.data
    if (
      !queryClient
        .getQueryData<AgentListItem[]>(AGENTS_KEY)
        ?.some(({ id }) => id === message.channelId)
    ) {
      void queryClient.invalidateQueries({ queryKey: AGENTS_KEY })
      return
    }
    patchAgent(message.channelId, (agent) => ({
      ...agent,
      lastMessage: message.text ?? agent.lastMessage,
      lastMessageTime: message.createdAt,
      unreadCount:
        message.senderType === 'agent' && message.channelId !== openAgentId
          ? agent.unreadCount + 1
          : agent.unreadCount,
    }))
  })

  useSocketEvent('agent:status', (payload) => {
    const parsed = AgentStatusPayload.safeParse(payload)
    if (!parsed.success) return
    const { agentId, status, statusMessage, statusSince } = parsed.data
    patchAgent(agentId, (agent) => ({
      ...agent,
      status,
      statusMessage,
      statusSince,
      lastActiveAt: new Date().toISOString(),
    }))
  })

  useSocketEvent('agent:commands', (payload) => {
    const parsed = AgentCommandsPayload.safeParse(payload)
    if (parsed.success)
      patchAgent(parsed.data.channelId, (agent) => ({ ...agent, commands: parsed.data.commands }))
  })

  return { ...query, patchAgent }
}

'use client'

import {
  AgentListItem,
  Message,
  MessageDeletedPayload,
  MessageEventPayload,
  ReviewCancelledPayload,
  ReviewExpiredPayload,
  ReviewRespondedPayload,
  type ReviewListQuery,
  type ReviewStatus,
} from '@placet/protocol'
import { useCallback, useEffect, useRef, useState } from 'react'
import { apiRequest, apiRequestWithHeaders } from '../../lib/api-client'
import { useDashboardSocket } from '../../lib/dashboard-socket-context'
import { describeRequestError } from '../../lib/describe-request-error'

/** The inbox filters of spec 6.3 (and `expired`, issue 10); `cancelled` shows up under `all`. */
export type InboxFilter = Extract<
  ReviewListQuery['status'],
  'pending' | 'completed' | 'expired' | 'all'
>

export type ReviewInbox = {
  /** Review messages, newest first. */
  messages: Message[]
  agentNames: ReadonlyMap<string, string>
  isLoading: boolean
  /** Why the last load failed; the list keeps what it had. */
  loadError: string | null
  isLive: boolean
  /** True while older reviews are left on the server. */
  hasMore: boolean
  /** Loads the next (older) page. */
  loadMore: () => Promise<void>
  /** Puts the server's copy of a message in place (after an answer, or a 409). */
  updateMessage: (message: Message) => void
  /** Fetches one message again, e.g. when the server says it is no longer pending. */
  refreshMessage: (id: string) => void
}

/** Reviews per page (the server's cap); older pages load on demand. */
const REVIEW_PAGE_LIMIT = 100

/**
 * The review inbox of spec 6.3: loads `GET /api/messages/reviews?status=<filter>` and the agent
 * names, then keeps both current from the dashboard socket (which is in the user room, so it
 * hears every channel) and by loading again on window focus and on every (re)connect, which
 * covers events missed while offline.
 */
export function useReviewInbox(filter: InboxFilter): ReviewInbox {
  const [messages, setMessages] = useState<Message[]>([])
  const [agentNames, setAgentNames] = useState<ReadonlyMap<string, string>>(new Map())
  const [isLoading, setIsLoading] = useState(true)
  const [loadError, setLoadError] = useState<string | null>(null)
  const { socket, isLive } = useDashboardSocket()
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const filterRef = useRef(filter)
  const agentNamesRef = useRef(agentNames)

  useEffect(() => {
    agentNamesRef.current = agentNames
  }, [agentNames])

  const loadAgents = useCallback(async () => {
    const agents = await apiRequest('/api/agents', { schema: AgentListItem.array() })
    setAgentNames(new Map(agents.map((agent) => [agent.id, agent.name])))
  }, [])

  const load = useCallback(async () => {
    const requested = filterRef.current
    try {
      const [page] = await Promise.all([loadReviewPage(requested), loadAgents()])
      if (filterRef.current !== requested) return
      setMessages((current) => mergeLoaded(current, page.data, page.nextCursor !== null))
      // Older pages already shown stay; only a first load decides where "more" starts.
      setNextCursor((cursor) => cursor ?? page.nextCursor)
      setLoadError(null)
    } catch (error) {
      if (filterRef.current === requested) setLoadError(describeRequestError(error))
    } finally {
      if (filterRef.current === requested) setIsLoading(false)
    }
  }, [loadAgents])

  const loadMore = useCallback(async () => {
    const requested = filterRef.current
    if (!nextCursor) return
    try {
      const page = await loadReviewPage(requested, nextCursor)
      if (filterRef.current !== requested) return
      setMessages((current) =>
        page.data.reduce((all, message) => upsert(all, message, true), current),
      )
      setNextCursor(page.nextCursor)
    } catch (error) {
      if (filterRef.current === requested) setLoadError(describeRequestError(error))
    }
  }, [nextCursor])

  const updateMessage = useCallback((message: Message) => {
    setMessages((current) => upsert(current, message, true))
  }, [])

  const refreshMessage = useCallback(
    (id: string) => {
      apiRequest(`/api/messages/${encodeURIComponent(id)}`, { schema: Message }).then(
        updateMessage,
        () => {},
      )
    },
    [updateMessage],
  )

  useEffect(() => {
    filterRef.current = filter
    setMessages([])
    setNextCursor(null)
    setIsLoading(true)
    setLoadError(null)
    void load()
  }, [filter, load])

  useEffect(() => {
    if (!socket) return
    const learnChannel = (message: Message) => {
      if (!agentNamesRef.current.has(message.channelId)) void loadAgents().catch(() => {})
    }

    // The shared socket may connect before or after this screen mounts; every (re)connect
    // loads again, which covers what was missed while offline.
    const reload = () => void load()
    const onCreated = (payload: unknown) => {
      const parsed = MessageEventPayload.safeParse(payload)
      if (!parsed.success || parsed.data.review?.status !== 'pending') return
      if (filterRef.current === 'completed' || filterRef.current === 'expired') return
      learnChannel(parsed.data)
      setMessages((current) => upsert(current, parsed.data, true))
    }
    const onResponded = (payload: unknown) => {
      const parsed = ReviewRespondedPayload.safeParse(payload)
      if (!parsed.success) return
      learnChannel(parsed.data)
      setMessages((current) => upsert(current, parsed.data, filterRef.current !== 'pending'))
    }
    const onExpired = (payload: unknown) => {
      const parsed = ReviewExpiredPayload.safeParse(payload)
      if (parsed.success)
        setMessages((current) => settle(current, parsed.data.messageId, 'expired'))
    }
    const onCancelled = (payload: unknown) => {
      const parsed = ReviewCancelledPayload.safeParse(payload)
      if (parsed.success)
        setMessages((current) => settle(current, parsed.data.messageId, 'cancelled'))
    }
    const onDeleted = (payload: unknown) => {
      const parsed = MessageDeletedPayload.safeParse(payload)
      if (parsed.success)
        setMessages((current) => current.filter(({ id }) => id !== parsed.data.messageId))
    }
    socket.on('connect', reload)
    socket.on('message:created', onCreated)
    socket.on('review:responded', onResponded)
    socket.on('review:expired', onExpired)
    socket.on('review:cancelled', onCancelled)
    socket.on('message:deleted', onDeleted)

    const reloadWhenVisible = () => {
      if (document.visibilityState === 'visible') void load()
    }
    window.addEventListener('focus', reloadWhenVisible)
    document.addEventListener('visibilitychange', reloadWhenVisible)
    return () => {
      window.removeEventListener('focus', reloadWhenVisible)
      document.removeEventListener('visibilitychange', reloadWhenVisible)
      socket.off('connect', reload)
      socket.off('message:created', onCreated)
      socket.off('review:responded', onResponded)
      socket.off('review:expired', onExpired)
      socket.off('review:cancelled', onCancelled)
      socket.off('message:deleted', onDeleted)
    }
  }, [socket, load, loadAgents])

  return {
    messages,
    agentNames,
    isLoading,
    loadError,
    isLive,
    hasMore: nextCursor !== null,
    loadMore,
    updateMessage,
    refreshMessage,
  }
}

function byNewestFirst(a: Message, b: Message): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt)
}

/**
 * The server's list, plus the reviews settled while on screen that the filter now excludes
 * (a card just answered under "pending" keeps showing its outcome until the filter changes).
 */
function mergeLoaded(current: Message[], loaded: Message[], hasMore: boolean): Message[] {
  const loadedIds = new Set(loaded.map(({ id }) => id))
  const oldestLoaded = loaded.at(-1)
  // Reviews older than the first page came from "load older" and are not stale.
  const isFromLaterPage = (message: Message) =>
    hasMore && oldestLoaded !== undefined && byNewestFirst(message, oldestLoaded) > 0
  const kept = current.filter(
    (message) =>
      !loadedIds.has(message.id) &&
      (message.review?.status !== 'pending' || isFromLaterPage(message)),
  )
  return [...loaded, ...kept].sort(byNewestFirst)
}

/** One page of `GET /api/messages/reviews`; the next cursor travels in `X-Next-Cursor`. */
async function loadReviewPage(
  filter: InboxFilter,
  cursor?: string,
): Promise<{ data: Message[]; nextCursor: string | null }> {
  const query = new URLSearchParams({ status: filter, limit: String(REVIEW_PAGE_LIMIT) })
  if (cursor) query.set('cursor', cursor)
  const { data, headers } = await apiRequestWithHeaders(`/api/messages/reviews?${query}`, {
    schema: Message.array(),
  })
  return { data, nextCursor: headers.get('x-next-cursor') }
}

/** Replaces the message with the same id; adds it only when `canAdd`. */
function upsert(current: Message[], message: Message, canAdd: boolean): Message[] {
  const index = current.findIndex(({ id }) => id === message.id)
  if (index === -1) return canAdd ? [...current, message].sort(byNewestFirst) : current
  return current.map((existing, at) => (at === index ? message : existing))
}

/** Marks a pending review expired or withdrawn, as its event says (the payload has no message). */
function settle(current: Message[], id: string, status: ReviewStatus): Message[] {
  return current.map((message) =>
    message.id === id && message.review?.status === 'pending'
      ? { ...message, review: { ...message.review, status } }
      : message,
  )
}

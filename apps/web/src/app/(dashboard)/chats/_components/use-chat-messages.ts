'use client'

import type { Message } from '@placet/protocol'
import {
  MessageDeletedPayload,
  MessageDeliveryPayload,
  MessageDeltaPayload,
  MessageEventPayload,
  MessagePage,
  MessageProgressPayload,
  MessageStatusPayload,
  ReviewCancelledPayload,
  ReviewExpiredPayload,
  ReviewRespondedPayload,
  SocketAck,
  type MessageStatusEvent,
  type ReviewStatus,
} from '@placet/protocol'
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useRef, useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { useDashboardSocket, useSocketEvent } from '../../../../lib/dashboard-socket-context'
import { mapMessages, removeMessage, upsertMessage, type MessagePages } from './message-cache'

/** The page size of the chat (spec 3.5: the UI uses 25). */
const PAGE_SIZE = 25

export const messagesKey = (channelId: string) => ['messages', channelId] as const
export const pendingReviewsKey = (channelId: string) => ['reviews', channelId, 'pending'] as const

/** Text streamed so far per stream (`message:delta`), before the draft row says more. */
export type LiveStreams = ReadonlyMap<string, string>

/**
 * One chat's messages (`GET /api/messages?channel=`, newest page first, older pages on
 * demand) kept current from the shared socket: the channel room is joined while the chat is
 * open, with `since` after a reconnection so events missed meanwhile are replayed first.
 */
export function useChatMessages(channelId: string) {
  const queryClient = useQueryClient()
  const { socket } = useDashboardSocket()
  const [liveStreams, setLiveStreams] = useState<LiveStreams>(new Map())
  const [progress, setProgress] = useState<string | null>(null)
  const [statusEvents, setStatusEvents] = useState<ReadonlyMap<string, MessageStatusEvent[]>>(
    new Map(),
  )
  const lastSeq = useRef<number | null>(null)

  const query = useInfiniteQuery({
    queryKey: messagesKey(channelId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ channel: channelId, limit: String(PAGE_SIZE) })
      if (pageParam) params.set('cursor', pageParam)
      return apiRequest(`/api/messages?${params}`, { schema: MessagePage, signal })
    },
    getNextPageParam: (last) => last.nextCursor,
  })

  const patch = useCallback(
    (change: (pages: MessagePages | undefined) => MessagePages | undefined) =>
      queryClient.setQueryData<MessagePages>(messagesKey(channelId), change),
    [queryClient, channelId],
  )
  const putMessage = useCallback(
    (message: Message) => patch((pages) => upsertMessage(pages, message)),
    [patch],
  )
  const refreshPendingReviews = () =>
    void queryClient.invalidateQueries({ queryKey: pendingReviewsKey(channelId) })

  // Join the channel room while the chat is open; `since` replays what a reconnect missed.
  useEffect(() => {
    if (!socket) return
    lastSeq.current = null
    const subscribe = () => {
      const since = lastSeq.current
      socket
        .timeout(10_000)
        .emitWithAck('subscribe:channel', since === null ? channelId : { channelId, since })
        .then((ack) => {
          const parsed = SocketAck.safeParse(ack)
          if (parsed.success && parsed.data.ok && parsed.data.seq !== undefined)
            lastSeq.current = Math.max(lastSeq.current ?? 0, parsed.data.seq)
        })
        .catch(() => {})
      socket.emit('channel:read', channelId)
    }
    if (socket.connected) subscribe()
    socket.on('connect', subscribe)
    return () => {
      socket.off('connect', subscribe)
      if (socket.connected) socket.emit('unsubscribe:channel', channelId)
    }
  }, [socket, channelId])

  // `review:expired` may come without a channel id; settling by message id is safe anyway.
  const isHere = (payload: { channelId?: string; seq?: number }) => {
    if (payload.channelId === undefined) return true
    if (payload.channelId !== channelId) return false
    if (payload.seq !== undefined) lastSeq.current = Math.max(lastSeq.current ?? 0, payload.seq)
    return true
  }

  const onMessage = (payload: unknown) => {
    const parsed = MessageEventPayload.safeParse(payload)
    if (!parsed.success || !isHere(parsed.data)) return
    const { seq: _seq, ...message } = parsed.data
    putMessage(message)
    if (message.review) refreshPendingReviews()
    if (message.streamId && message.streamState !== 'streaming') {
      setLiveStreams((current) => without(current, message.streamId!))
      setProgress(null)
    }
    if (message.senderType === 'agent') socket?.emit('channel:read', channelId)
  }
  useSocketEvent('message:created', onMessage)
  useSocketEvent('message:updated', onMessage)
  useSocketEvent('review:responded', (payload) => {
    const parsed = ReviewRespondedPayload.safeParse(payload)
    if (!parsed.success || !isHere(parsed.data)) return
    const { seq: _seq, ...message } = parsed.data
    putMessage(message)
    refreshPendingReviews()
  })
  const settle = (messageId: string, status: ReviewStatus) => {
    patch((pages) =>
      mapMessages(pages, (message) =>
        message.id === messageId && message.review?.status === 'pending'
          ? { ...message, review: { ...message.review, status } }
          : message,
      ),
    )
    refreshPendingReviews()
  }
  useSocketEvent('review:expired', (payload) => {
    const parsed = ReviewExpiredPayload.safeParse(payload)
    if (parsed.success && isHere(parsed.data)) settle(parsed.data.messageId, 'expired')
  })
  useSocketEvent('review:cancelled', (payload) => {
    const parsed = ReviewCancelledPayload.safeParse(payload)
    if (parsed.success && isHere(parsed.data)) settle(parsed.data.messageId, 'cancelled')
  })
  useSocketEvent('message:deleted', (payload) => {
    const parsed = MessageDeletedPayload.safeParse(payload)
    if (!parsed.success || !isHere(parsed.data)) return
    patch((pages) => removeMessage(pages, parsed.data.messageId))
    refreshPendingReviews()
  })
  useSocketEvent('message:delivery', (payload) => {
    const parsed = MessageDeliveryPayload.safeParse(payload)
    if (!parsed.success) return
    const { messageId, deliveryStatus } = parsed.data
    patch((pages) =>
      mapMessages(pages, (message) =>
        message.id === messageId ? { ...message, deliveryStatus } : message,
      ),
    )
  })
  useSocketEvent('message:delta', (payload) => {
    const parsed = MessageDeltaPayload.safeParse(payload)
    if (!parsed.success || parsed.data.channelId !== channelId) return
    const streamKey = parsed.data.streamBaseId ?? parsed.data.streamId ?? channelId
    setLiveStreams((current) =>
      new Map(current).set(streamKey, (current.get(streamKey) ?? '') + parsed.data.delta),
    )
  })
  useSocketEvent('message:progress', (payload) => {
    const parsed = MessageProgressPayload.safeParse(payload)
    if (parsed.success && parsed.data.channelId === channelId) setProgress(parsed.data.content)
  })
  useSocketEvent('message:status', (payload) => {
    const parsed = MessageStatusPayload.safeParse(payload)
    if (!parsed.success || !isHere(parsed.data)) return
    const { seq: _seq, ...event } = parsed.data
    setStatusEvents((current) => {
      const list = (current.get(event.streamId) ?? []).filter(({ id }) => id !== event.id)
      return new Map(current).set(
        event.streamId,
        [...list, event].sort((a, b) => a.index - b.index),
      )
    })
  })

  return { query, liveStreams, progress, statusEvents, putMessage }
}

function without<Value>(map: ReadonlyMap<string, Value>, key: string): ReadonlyMap<string, Value> {
  if (!map.has(key)) return map
  const copy = new Map(map)
  copy.delete(key)
  return copy
}

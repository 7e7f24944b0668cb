'use client'

import { ReviewCounts } from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { apiRequest } from './api-client'
import { useSocketEvent } from './dashboard-socket-context'

export const REVIEW_COUNTS_KEY = ['reviews', 'counts'] as const

const PREFIX = /^\(\d+\) /

/**
 * Puts the number of pending reviews in front of the page title, "(3) Inbox · Placet" (issue
 * 10), on every page. The count loads again whenever a review is created or settled. Next
 * sets the title on navigation, so the prefix is put back whenever the title changes.
 */
export function usePendingTitle(): number | undefined {
  const queryClient = useQueryClient()
  const counts = useQuery({
    queryKey: REVIEW_COUNTS_KEY,
    queryFn: ({ signal }) =>
      apiRequest('/api/messages/reviews/counts', { schema: ReviewCounts, signal }),
  })
  const reload = () => void queryClient.invalidateQueries({ queryKey: REVIEW_COUNTS_KEY })
  useSocketEvent('message:created', (payload) => {
    if ((payload as { review?: unknown }).review) reload()
  })
  useSocketEvent('review:responded', reload)
  useSocketEvent('review:expired', reload)
  useSocketEvent('review:cancelled', reload)
  useSocketEvent('message:deleted', reload)

  const pending = counts.data?.pending
  useEffect(() => {
    if (pending === undefined) return
    const apply = () => {
      const base = document.title.replace(PREFIX, '')
      const wanted = pending > 0 ? `(${pending}) ${base}` : base
      if (document.title !== wanted) document.title = wanted
    }
    apply()
    const observer = new MutationObserver(apply)
    observer.observe(document.head, { subtree: true, childList: true, characterData: true })
    return () => {
      observer.disconnect()
      document.title = document.title.replace(PREFIX, '')
    }
  }, [pending])
  return pending
}

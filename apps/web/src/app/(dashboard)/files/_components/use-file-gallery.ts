'use client'

import { FileGalleryPage, type FileGalleryQuery } from '@placet/protocol'
import { useInfiniteQuery } from '@tanstack/react-query'
import { apiRequest } from '../../../../lib/api-client'

/** The gallery's filters: `FileGalleryQuery` without the paging, which the query owns. */
export type FileFilters = Pick<FileGalleryQuery, 'type' | 'agent' | 'search'>

export const FILES_KEY = ['files'] as const

/** `GET /api/files` (spec 3.6), page after page through `nextCursor`. */
export function useFileGallery(filters: FileFilters) {
  return useInfiniteQuery({
    queryKey: [...FILES_KEY, filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams()
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value))
      if (pageParam) params.set('cursor', pageParam)
      return apiRequest(`/api/files?${params}`, { schema: FileGalleryPage, signal })
    },
    getNextPageParam: (page) => page.nextCursor,
    // No socket event patches the gallery: files sent since the last visit must show up.
    refetchOnMount: 'always',
  })
}

'use client'

import { Preferences, type UpdatePreferencesBody } from '@placet/protocol'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { apiRequest } from './api-client'
import { applyTheme } from './theme'

const PREFERENCES_KEY = ['preferences'] as const

/**
 * The user's preferences (spec 3.7), applied as they load or change: the theme follows the
 * server's copy, and a `system` theme follows the device while the page is open.
 */
export function usePreferences() {
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: ({ signal }) => apiRequest('/api/preferences', { schema: Preferences, signal }),
  })
  const theme = query.data?.theme

  useEffect(() => {
    if (!theme) return
    applyTheme(theme)
    if (theme !== 'system') return
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const follow = () => applyTheme('system')
    media.addEventListener('change', follow)
    return () => media.removeEventListener('change', follow)
  }, [theme])

  const update = useMutation({
    mutationFn: (changes: UpdatePreferencesBody) =>
      apiRequest('/api/preferences', { method: 'PATCH', body: changes, schema: Preferences }),
    // Shown at once; the server's answer replaces it, a failure reloads the stored copy.
    onMutate: async (changes) => {
      if (changes.theme) applyTheme(changes.theme)
      // A load still in flight must not put the old value back over this change.
      await queryClient.cancelQueries({ queryKey: PREFERENCES_KEY })
      queryClient.setQueryData<Preferences>(PREFERENCES_KEY, (current) =>
        current ? { ...current, ...changes } : current,
      )
    },
    onSuccess: (saved) => queryClient.setQueryData(PREFERENCES_KEY, saved),
    onError: () => queryClient.invalidateQueries({ queryKey: PREFERENCES_KEY }),
  })

  return { preferences: query.data, update }
}

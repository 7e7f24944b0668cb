'use client'

import type { SessionUser } from '@placet/protocol'
import { createContext, useContext } from 'react'

export const SignedInUserContext = createContext<SessionUser | null>(null)

/** The user of the dashboard layout; only pages inside it may call this. */
export function useSignedInUser(): SessionUser {
  const user = useContext(SignedInUserContext)
  if (!user) throw new Error('useSignedInUser needs the dashboard layout')
  return user
}

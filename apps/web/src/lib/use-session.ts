'use client'

import { SessionResponse, type SessionUser } from '@placet/protocol'
import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { ApiError, apiRequest } from './api-client'
import { describeRequestError } from './describe-request-error'
import { ROUTES } from './routes'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'failed'; message: string }

export type UseSessionOptions = {
  /**
   * Whether the page is usable while a password change is pending. Only the change-password
   * page is: every other page sends the user there first (spec 6.1).
   */
  isAllowedWithPendingPasswordChange?: boolean
}

/**
 * Loads the signed-in user (`GET /api/auth/me`) for a page that needs one. Without a session
 * it goes to `/login`; with a pending forced password change it goes to `/change-password`.
 * The export is static, so this check runs in the browser, never at build time.
 */
export function useSession({
  isAllowedWithPendingPasswordChange = false,
}: UseSessionOptions = {}): SessionState {
  const router = useRouter()
  const [state, setState] = useState<SessionState>({ status: 'loading' })

  useEffect(() => {
    const controller = new AbortController()
    apiRequest('/api/auth/me', { schema: SessionResponse, signal: controller.signal }).then(
      ({ user }) => {
        if (user.mustChangePassword && !isAllowedWithPendingPasswordChange) {
          router.replace(ROUTES.changePassword)
          return
        }
        setState({ status: 'signed-in', user })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof ApiError && error.status === 401) {
          router.replace(ROUTES.login)
          return
        }
        setState({ status: 'failed', message: describeRequestError(error) })
      },
    )
    return () => controller.abort()
  }, [router, isAllowedWithPendingPasswordChange])

  return state
}

'use client'

import { MessageResponse } from '@placet/protocol'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { ApiError, apiRequest } from '../../lib/api-client'
import { describeRequestError } from '../../lib/describe-request-error'
import { ROUTES } from '../../lib/routes'

/** Ends the session (`POST /api/auth/logout`, spec 3.1) and goes to `/login`. */
export function SignOutButton() {
  const router = useRouter()
  const [isSigningOut, setIsSigningOut] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function signOut() {
    setIsSigningOut(true)
    setError(null)
    try {
      await apiRequest('/api/auth/logout', { method: 'POST', schema: MessageResponse })
      router.replace(ROUTES.login)
    } catch (caught) {
      // Any answer from the server (a 401 included) means the session is over or unusable;
      // only an unreachable server leaves the user where they are.
      if (caught instanceof ApiError) {
        router.replace(ROUTES.login)
        return
      }
      setError(describeRequestError(caught))
      setIsSigningOut(false)
    }
  }

  return (
    <>
      {error && (
        <span className="alert" role="alert" data-testid="sign-out-error">
          {error}
        </span>
      )}
      <button
        className="button button-secondary"
        type="button"
        onClick={signOut}
        disabled={isSigningOut}
        aria-busy={isSigningOut}
        data-testid="sign-out"
      >
        Sign out
      </button>
    </>
  )
}

'use client'

import { LoginBody, SessionResponse } from '@placet/protocol'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { ApiError, apiRequest } from '../../../lib/api-client'
import { describeRequestError } from '../../../lib/describe-request-error'
import { ROUTES } from '../../../lib/routes'

/** Email and password form of `/login` (spec 3.1, 6.1). */
export function LoginForm() {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [isSubmitting, setIsSubmitting] = useState(false)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const parsed = LoginBody.safeParse({ email: form.get('email'), password: form.get('password') })
    if (!parsed.success) {
      setError('Enter your email address and password.')
      return
    }
    setError(null)
    setIsSubmitting(true)
    try {
      const { user } = await apiRequest('/api/auth/login', {
        method: 'POST',
        body: parsed.data,
        schema: SessionResponse,
      })
      router.replace(user.mustChangePassword ? ROUTES.changePassword : ROUTES.home)
    } catch (caught) {
      setError(describeLoginError(caught))
      setIsSubmitting(false)
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          data-testid="login-email"
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="login-password"
        />
      </div>
      {error && (
        <p className="alert" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button
        className="button"
        type="submit"
        disabled={isSubmitting}
        aria-busy={isSubmitting}
        data-testid="login-submit"
      >
        Sign in
      </button>
    </form>
  )
}

function describeLoginError(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'Invalid credentials'
  if (error instanceof ApiError && error.status === 429) {
    return 'Too many sign-in attempts. Wait a minute, then try again.'
  }
  return describeRequestError(error)
}

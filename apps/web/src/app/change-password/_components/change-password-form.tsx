'use client'

import { ChangePasswordBody, MessageResponse } from '@placet/protocol'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { apiRequest } from '../../../lib/api-client'
import { describeRequestError } from '../../../lib/describe-request-error'
import { ROUTES } from '../../../lib/routes'

/** Read from the protocol schema, so the hint and the check follow spec 3.1 (min 8). */
const NEW_PASSWORD_MIN_LENGTH = ChangePasswordBody.shape.newPassword.minLength ?? 8

/** Current, new and repeated password; `POST /api/auth/change-password` (spec 3.1). */
export function ChangePasswordForm() {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [isSubmitting, setIsSubmitting] = useState(false)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const read = readChangePasswordForm(form)
    if ('problem' in read) {
      setError(read.problem)
      return
    }
    setError(null)
    setIsSubmitting(true)
    try {
      await apiRequest('/api/auth/change-password', {
        method: 'POST',
        body: read.body,
        schema: MessageResponse,
      })
      router.replace(ROUTES.home)
    } catch (caught) {
      // A 401 here is the server saying the current password is wrong; show its words.
      setError(describeRequestError(caught))
      setIsSubmitting(false)
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          data-testid="current-password"
        />
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={NEW_PASSWORD_MIN_LENGTH}
          aria-describedby="new-password-hint"
          data-testid="new-password"
        />
        <span className="hint" id="new-password-hint">
          At least {NEW_PASSWORD_MIN_LENGTH} characters.
        </span>
      </div>
      <div className="field">
        <label htmlFor="confirm-new-password">Confirm new password</label>
        <input
          id="confirm-new-password"
          name="confirmNewPassword"
          type="password"
          autoComplete="new-password"
          required
          data-testid="confirm-new-password"
        />
      </div>
      {error && (
        <p className="alert" role="alert" data-testid="change-password-error">
          {error}
        </p>
      )}
      <button
        className="button"
        type="submit"
        disabled={isSubmitting}
        aria-busy={isSubmitting}
        data-testid="change-password-submit"
      >
        Change password
      </button>
    </form>
  )
}

/** The request body, or what the user must fix first. */
function readChangePasswordForm(
  form: FormData,
): { body: ChangePasswordBody } | { problem: string } {
  const currentPassword = form.get('currentPassword')
  const newPassword = form.get('newPassword')
  if (!currentPassword) return { problem: 'Enter your current password.' }
  if (typeof newPassword !== 'string' || newPassword.length < NEW_PASSWORD_MIN_LENGTH) {
    return { problem: `The new password needs at least ${NEW_PASSWORD_MIN_LENGTH} characters.` }
  }
  if (newPassword !== form.get('confirmNewPassword')) {
    return { problem: 'The new passwords do not match.' }
  }
  if (newPassword === currentPassword) {
    return { problem: 'Choose a password different from the current one.' }
  }
  const parsed = ChangePasswordBody.safeParse({ currentPassword, newPassword })
  if (!parsed.success) return { problem: 'These passwords cannot be used.' }
  return { body: parsed.data }
}

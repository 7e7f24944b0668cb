'use client'

import Link from 'next/link'
import { ROUTES } from '../../../lib/routes'
import { useSession } from '../../../lib/use-session'
import { SignOutButton } from '../../_components/sign-out-button'
import { ChangePasswordForm } from './change-password-form'

/**
 * `/change-password` for a signed-in user: forced while `mustChangePassword` is set (spec 6.1),
 * so the only other way out is signing out; otherwise it can be left for the dashboard.
 */
export function ChangePasswordPanel({ titleId }: { titleId: string }) {
  const session = useSession({ isAllowedWithPendingPasswordChange: true })

  if (session.status === 'loading') {
    return (
      <p className="status-text" role="status" id={titleId}>
        Loading…
      </p>
    )
  }
  if (session.status === 'failed') {
    return (
      <p className="alert" role="alert" id={titleId}>
        {session.message}
      </p>
    )
  }

  const isForced = session.user.mustChangePassword
  return (
    <>
      <h1 id={titleId}>Change password</h1>
      <p className="lead">
        {isForced
          ? 'Choose a new password before you continue.'
          : `Signed in as ${session.user.email}.`}
      </p>
      <ChangePasswordForm />
      <p className="form-footer">
        {isForced ? <SignOutButton /> : <Link href={ROUTES.home}>Back to the dashboard</Link>}
      </p>
    </>
  )
}

'use client'

import Link from 'next/link'
import { ROUTES } from '../../lib/routes'
import { useSession } from '../../lib/use-session'
import { ReviewInbox } from './review-inbox'
import { SignOutButton } from './sign-out-button'

/**
 * The signed-in frame of the dashboard: who is signed in, the way out, and the review inbox
 * (spec 6.3). The navigation of spec 6.1 (Chats, Files, …) joins it as those pages are built.
 */
export function DashboardShell() {
  const session = useSession()

  if (session.status === 'loading') {
    return (
      <main className="auth-page">
        <p className="status-text" role="status">
          Loading…
        </p>
      </main>
    )
  }
  if (session.status === 'failed') {
    return (
      <main className="auth-page">
        <p className="alert" role="alert" data-testid="session-error">
          {session.message}
        </p>
      </main>
    )
  }

  const { user } = session
  return (
    <div className="shell">
      <header className="shell-header">
        <span className="brand">Placet</span>
        <div className="account">
          <div className="account-identity" data-testid="current-user">
            <span data-testid="current-user-name">{user.displayName}</span>
            <span className="account-email" data-testid="current-user-email">
              {user.email}
            </span>
          </div>
          <Link href={ROUTES.changePassword} className="button button-secondary">
            Change password
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main className="shell-main">
        <ReviewInbox />
      </main>
      <footer className="shell-footer">
        {/* Served by the API server itself, outside the static export: a plain link. */}
        <a href="/api/docs">API reference</a>
      </footer>
    </div>
  )
}

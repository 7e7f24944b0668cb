'use client'

import * as Dialog from '@radix-ui/react-dialog'
import Link from 'next/link'
import { useEffect, useState, type ReactNode } from 'react'
import { DashboardSocketProvider, useDashboardSocket } from '../../../lib/dashboard-socket-context'
import { ROUTES } from '../../../lib/routes'
import { SignedInUserContext, useSignedInUser } from '../../../lib/signed-in-user'
import { usePreferences } from '../../../lib/use-preferences'
import { usePendingTitle } from '../../../lib/use-pending-title'
import { useSession } from '../../../lib/use-session'
import { registerServiceWorker } from '../../../lib/web-push'
import { SignOutButton } from '../../_components/sign-out-button'
import { NavLinks } from './nav-links'

/**
 * The signed-in frame of every dashboard page (spec 6.1): a left bar on desktop, a Menu
 * button with the same links on a phone, the account at the bottom. It holds the one socket,
 * so moving between pages keeps the connection.
 */
export function AppShell({ children }: { children: ReactNode }) {
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
  return (
    <SignedInUserContext value={session.user}>
      <DashboardSocketProvider>
        <ShellFrame>{children}</ShellFrame>
      </DashboardSocketProvider>
    </SignedInUserContext>
  )
}

function ShellFrame({ children }: { children: ReactNode }) {
  const [isMenuOpen, setIsMenuOpen] = useState(false)
  const { isLive } = useDashboardSocket()
  usePreferences()
  usePendingTitle()
  // The service worker shows push notifications and makes the dashboard installable (6.8).
  useEffect(() => {
    registerServiceWorker().catch(() => {})
  }, [])

  return (
    <div className="app">
      <header className="app-topbar">
        <Dialog.Root open={isMenuOpen} onOpenChange={setIsMenuOpen}>
          <Dialog.Trigger className="icon-button" aria-label="Menu">
            <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
              <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" strokeWidth="2" />
            </svg>
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="dialog-overlay" />
            <Dialog.Content className="drawer" aria-describedby={undefined}>
              <Dialog.Title className="drawer-title">Placet</Dialog.Title>
              <nav aria-label="Main">
                <NavLinks onNavigate={() => setIsMenuOpen(false)} />
              </nav>
              <AccountBox />
              <Dialog.Close className="icon-button drawer-close" aria-label="Close menu">
                ×
              </Dialog.Close>
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
        <span className="brand">Placet</span>
        <LiveIndicator isLive={isLive} />
      </header>
      <aside className="app-sidebar">
        <div className="app-sidebar-head">
          <span className="brand">Placet</span>
          <LiveIndicator isLive={isLive} />
        </div>
        <nav aria-label="Main">
          <NavLinks />
        </nav>
        <AccountBox />
      </aside>
      <main className="app-main">{children}</main>
    </div>
  )
}

function LiveIndicator({ isLive }: { isLive: boolean }) {
  return (
    <span
      className={isLive ? 'live-dot is-live' : 'live-dot'}
      data-testid="socket-live"
      data-live={isLive}
      role="status"
    >
      {isLive ? 'Live' : 'Connecting…'}
    </span>
  )
}

function AccountBox() {
  const user = useSignedInUser()
  return (
    <div className="account-box">
      <div className="account-identity" data-testid="current-user">
        <span data-testid="current-user-name">{user.displayName}</span>
        <span className="account-email" data-testid="current-user-email">
          {user.email}
        </span>
      </div>
      <div className="account-actions">
        <Link href={ROUTES.changePassword} className="button button-secondary">
          Change password
        </Link>
        <SignOutButton />
      </div>
      {/* Served by the API server itself, outside the static export: a plain link. */}
      <a href="/api/docs" className="account-link">
        API reference
      </a>
    </div>
  )
}

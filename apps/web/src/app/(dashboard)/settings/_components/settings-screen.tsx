'use client'

import { useSignedInUser } from '../../../../lib/signed-in-user'
import { SignOutButton } from '../../../_components/sign-out-button'
import { ApiKeysSection } from './api-keys-section'
import { AppearanceSection } from './appearance-section'
import { NotificationsSection } from './notifications-section'
import { UsersSection } from './users-section'

/** Settings (spec 6.7): appearance, notifications, API keys, users (owners only), sign out. */
export function SettingsScreen() {
  const user = useSignedInUser()
  return (
    <div className="page settings">
      <h1>Settings</h1>
      <AppearanceSection />
      <NotificationsSection />
      <ApiKeysSection />
      {user.role === 'owner' && <UsersSection currentUserId={user.id} />}
      <section className="card" aria-labelledby="session-title">
        <h2 id="session-title">Session</h2>
        <p className="hint">
          Signed in as {user.displayName} ({user.email}).
        </p>
        <SignOutButton />
      </section>
    </div>
  )
}

import type { Metadata } from 'next'
import { ChangePasswordPanel } from './_components/change-password-panel'

export const metadata: Metadata = { title: 'Change password' }

export default function ChangePasswordPage() {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="change-password-title">
        <ChangePasswordPanel titleId="change-password-title" />
      </section>
    </main>
  )
}

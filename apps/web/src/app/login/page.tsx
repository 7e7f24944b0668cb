import type { Metadata } from 'next'
import { LoginForm } from './_components/login-form'

export const metadata: Metadata = { title: 'Sign in' }

export default function LoginPage() {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Placet</h1>
        <p className="lead">Answer your agents&apos; messages and reviews.</p>
        <LoginForm />
      </section>
    </main>
  )
}

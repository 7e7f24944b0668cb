import type { Metadata } from 'next'
import { TriageInbox } from './_components/triage-inbox'

export const metadata: Metadata = { title: 'Inbox' }

export default function InboxPage() {
  return <TriageInbox />
}

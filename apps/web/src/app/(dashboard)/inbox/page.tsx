import type { Metadata } from 'next'
import { ReviewInbox } from '../../_components/review-inbox'

export const metadata: Metadata = { title: 'Inbox' }

export default function InboxPage() {
  return (
    <div className="page">
      <ReviewInbox />
    </div>
  )
}

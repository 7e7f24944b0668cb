import type { Metadata } from 'next'
import { Suspense } from 'react'
import { ChatsScreen } from './_components/chats-screen'

export const metadata: Metadata = { title: 'Chats' }

/** The open chat is `?agent=<id>`: a static export has no dynamic segments. */
export default function ChatsPage() {
  return (
    <Suspense>
      <ChatsScreen />
    </Suspense>
  )
}

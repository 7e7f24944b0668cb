import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Files' }

export default function FilesPage() {
  return (
    <ComingSoon
      title="Files"
      description="Every file your agents shared, searchable across chats (spec 6.4)."
    />
  )
}

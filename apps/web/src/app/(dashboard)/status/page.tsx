import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Status' }

export default function StatusPage() {
  return (
    <ComingSoon
      title="Status"
      description="Agent health, uptime and request counts at a glance (spec 6.5)."
    />
  )
}

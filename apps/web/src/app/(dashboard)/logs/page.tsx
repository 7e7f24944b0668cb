import type { Metadata } from 'next'
import { ComingSoon } from '../_components/coming-soon'

export const metadata: Metadata = { title: 'Logs' }

export default function LogsPage() {
  return (
    <ComingSoon title="Logs" description="The API request log, inbound and outbound (spec 6.6)." />
  )
}

import { DashboardShell } from './_components/dashboard-shell'

export default function HomePage() {
  return <DashboardShell />
}

import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'
import { THEME_BOOT_SCRIPT } from '../lib/theme'
import { QueryProvider } from './_components/query-provider'
import './globals.css'
import './highlight.css'
import './shell.css'
import './chats.css'
import './settings.css'
import './triage.css'
import './files.css'

export const metadata: Metadata = {
  title: { default: 'Placet', template: '%s · Placet' },
  description: 'The inbox where people answer AI agents',
}

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#15171c' },
  ],
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The boot script sets data-theme before React hydrates, which React would flag otherwise.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  )
}

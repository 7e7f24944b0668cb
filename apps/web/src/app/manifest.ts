import type { MetadataRoute } from 'next'

// Written once into the static export as /manifest.webmanifest.
export const dynamic = 'force-static'

/** The web app manifest: the dashboard installs as an app on phones and desktops (spec 6.8). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Placet',
    short_name: 'Placet',
    description: 'The inbox where people answer AI agents',
    start_url: '/inbox/',
    scope: '/',
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#3b5bdb',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  }
}

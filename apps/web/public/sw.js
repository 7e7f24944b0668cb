/* global self, clients, URL */
// The dashboard's service worker (spec 6.8, issue 10): shows the Web Push notifications the
// server sends (a PushNotification of @placet/protocol, decrypted by the browser) and opens
// the chat a notification is about. It caches nothing: the dashboard needs its server anyway.

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('push', (event) => {
  if (!event.data) return
  let note
  try {
    note = event.data.json()
  } catch {
    return
  }
  if (typeof note?.title !== 'string') return
  event.waitUntil(
    self.registration.showNotification(note.title, {
      body: typeof note.body === 'string' ? note.body : '',
      tag: typeof note.tag === 'string' ? note.tag : undefined,
      icon: '/icon-192.png',
      badge: '/icon-192.png',
      data: { url: typeof note.url === 'string' ? note.url : '/' },
    }),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  // Only paths of this origin: a notification never navigates elsewhere.
  const target = new URL(event.notification.data?.url ?? '/', self.location.origin)
  if (target.origin !== self.location.origin) return
  event.waitUntil(
    clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === target.origin)
      if (open) return open.navigate(target.href).then((client) => (client ?? open).focus())
      return clients.openWindow(target.href)
    }),
  )
})

/**
 * The dashboard's pages. The export is static, so there are no dynamic segments: anything
 * that varies goes in the query string (`/chats/?agent=<id>`).
 */
export const ROUTES = Object.freeze({
  home: '/',
  login: '/login/',
  changePassword: '/change-password/',
  chats: '/chats/',
  inbox: '/inbox/',
  files: '/files/',
  status: '/status/',
  logs: '/logs/',
  settings: '/settings/',
})

/** The chat of one agent. */
export function chatRoute(agentId: string): string {
  return `${ROUTES.chats}?agent=${encodeURIComponent(agentId)}`
}

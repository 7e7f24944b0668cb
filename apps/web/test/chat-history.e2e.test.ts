/**
 * A chat's history and its connection, in real headless Chromium against the real server:
 * messages that could not be sent survive a reload and go out once on Resend, a message the
 * server stored while its answer was lost is matched by its clientId instead of being sent
 * twice, the composer keeps its text, older messages load on scroll-up, and a socket whose
 * pongs stop coming is replaced.
 */
import {
  Agent,
  Message,
  MessagePage,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@placet/protocol'
import type { BrowserContext, Page, Route } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  SCREENSHOTS,
  startServedDashboard,
  type ServedDashboard,
} from './served-dashboard'

const OWNER_EMAIL = 'owner@history.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'history-e2e-password'

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let served: ServedDashboard
let context: BrowserContext
let page: Page
let baseUrl: string
let apiKey: string
let agent: Agent
let agentSocket: AgentSocket
const heardByAgent: Message[] = []

/**
 * The page's Socket.IO traffic passes through the test (Playwright's routeWebSocket), which
 * counts connections and the dashboard's `ping` / `pong` frames, and can drop frames from the
 * server: a connection that looks open while nothing comes through.
 */
const socketTraffic = {
  connections: 0,
  pingsSent: 0,
  pongsDelivered: 0,
  dropFromServer: null as RegExp | null,
}

async function agentCall(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'x-api-key': apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`)
  return json
}

/** How many of the person's messages with this text the agent's socket received. */
const heardCount = (text: string) =>
  heardByAgent.filter((message) => message.senderType === 'user' && message.text === text).length

/**
 * Sends `text` from the composer and waits until the agent's socket has it. Events of a channel
 * arrive in order, so once this one is in, any copy of an earlier message would be too.
 */
async function sendBarrier(text: string) {
  const input = page.getByRole('combobox', { name: 'Message' })
  await input.fill(text)
  await input.press('Enter')
  await expect.poll(() => heardCount(text)).toBe(1)
}

/** How many messages with this text the server stored in the chat. */
async function storedCount(text: string): Promise<number> {
  const { data } = MessagePage.parse(
    await agentCall('GET', `/api/v1/messages?channel=${agent.id}&limit=100`),
  )
  return data.filter((message) => message.text === text).length
}

const isMessagePost = (route: Route) =>
  route.request().method() === 'POST' && new URL(route.request().url()).pathname === '/api/messages'

function pendingOf(text: string) {
  return page.getByTestId('pending-message').filter({ hasText: text })
}

beforeAll(async () => {
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
  })
  baseUrl = served.baseUrl
  context = await served.browser.newContext({ viewport: DESKTOP })
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  await page.goto(`${baseUrl}/`)
  await page.waitForURL(/\/login\/?$/)
  await page.getByTestId('login-email').fill(OWNER_EMAIL)
  await page.getByTestId('login-password').fill(OWNER_PASSWORD)
  await page.getByTestId('login-submit').click()
  // Signed in once the app's navigation shows (the login page's URL ends in "/" too).
  await page.getByRole('navigation', { name: 'Main' }).waitFor()

  // The agent's key, made with the person's session.
  const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ')
  const created = await fetch(`${baseUrl}/api/api-keys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify({ label: 'history agent' }),
  })
  expect(created.status).toBe(201)
  apiKey = ((await created.json()) as { key: string }).key
  agent = Agent.parse(await agentCall('POST', '/api/v1/agents', { name: 'Scribe' }))
  agentSocket = io(`${baseUrl}/ws`, { auth: { apiKey }, transports: ['websocket'] })
  agentSocket.on('message:created', (message) => heardByAgent.push(message))
  await new Promise<void>((resolve, reject) => {
    agentSocket.once('connect', resolve)
    agentSocket.once('connect_error', reject)
  })
  expect(await agentSocket.emitWithAck('subscribe:channel', agent.id)).toMatchObject({ ok: true })
  await page.routeWebSocket(/\/socket\.io\//, (socket) => {
    socketTraffic.connections++
    const server = socket.connectToServer()
    socket.onMessage((frame) => {
      if (typeof frame === 'string' && frame.startsWith('42/ws,["ping"')) socketTraffic.pingsSent++
      server.send(frame)
    })
    server.onMessage((frame) => {
      if (typeof frame === 'string' && socketTraffic.dropFromServer?.test(frame)) return
      if (typeof frame === 'string' && frame.startsWith('42/ws,["pong"'))
        socketTraffic.pongsDelivered++
      socket.send(frame)
    })
  })
  await page.goto(`${baseUrl}/chats/?agent=${agent.id}`)
  await page.getByTestId('chat-title').filter({ hasText: 'Scribe' }).waitFor()
}, 60_000)

afterAll(async () => {
  agentSocket?.disconnect()
  await served?.stop()
})

describe('unsent messages', () => {
  it('keeps "Not sent" and the composer’s text across a reload; Resend delivers it once', async () => {
    const input = page.getByRole('combobox', { name: 'Message' })
    const offline = (route: Route) =>
      isMessagePost(route) ? route.abort('internetdisconnected') : route.fallback()
    await page.route('**/api/messages', offline)
    await input.fill('Deploy at noon')
    await input.press('Enter')
    await pendingOf('Deploy at noon').and(page.locator('[data-state="failed"]')).waitFor()
    expect(await pendingOf('Deploy at noon').textContent()).toContain('Not sent')
    await input.fill('half a thought')

    await page.reload()
    const restored = pendingOf('Deploy at noon')
    await restored.getByRole('button', { name: 'Resend' }).waitFor()
    await page.screenshot({ path: new URL('chat-not-sent-desktop.png', SCREENSHOTS).pathname })
    expect(await restored.textContent()).toContain('Not sent')
    expect(await page.getByRole('combobox', { name: 'Message' }).inputValue()).toBe(
      'half a thought',
    )
    expect(await storedCount('Deploy at noon')).toBe(0)

    await page.unroute('**/api/messages', offline)
    await restored.getByRole('button', { name: 'Resend' }).click()
    await page.getByTestId('message').filter({ hasText: 'Deploy at noon' }).waitFor()
    await expect.poll(() => pendingOf('Deploy at noon').count()).toBe(0)
    await sendBarrier('after the resend')
    expect(heardCount('Deploy at noon')).toBe(1)
    expect(await storedCount('Deploy at noon')).toBe(1)
    expect(
      await page.evaluate((id) => localStorage.getItem(`placet:pending-messages:${id}`), agent.id),
    ).toBeNull()
    expect(
      await page.evaluate((id) => localStorage.getItem(`placet:composer-draft:${id}`), agent.id),
    ).toBeNull()
  })

  it('matches a message the server stored while its answer was lost, and never sends it twice', async () => {
    // The request reaches the server; its answer never reaches the page.
    const answerLost = async (route: Route) => {
      if (!isMessagePost(route)) return route.fallback()
      await route.fetch()
      await route.abort('internetdisconnected')
    }
    await page.route('**/api/messages', answerLost)
    // The socket's message:created would tell the page too; it is lost as well.
    socketTraffic.dropFromServer = /^42\/ws,\["message:created"/
    const input = page.getByRole('combobox', { name: 'Message' })
    await input.fill('Stored, answer lost')
    await input.press('Enter')
    await expect.poll(() => heardCount('Stored, answer lost')).toBe(1)
    await pendingOf('Stored, answer lost').getByRole('button', { name: 'Resend' }).waitFor()
    expect(
      await page.evaluate((id) => localStorage.getItem(`placet:pending-messages:${id}`), agent.id),
    ).toContain('Stored, answer lost')
    await page.unroute('**/api/messages', answerLost)
    socketTraffic.dropFromServer = null

    await page.reload()
    await page.getByTestId('message').filter({ hasText: 'Stored, answer lost' }).waitFor()
    // The list and the restored pending messages render together: nothing is left "Not sent".
    expect(await pendingOf('Stored, answer lost').count()).toBe(0)
    await expect
      .poll(() =>
        page.evaluate((id) => localStorage.getItem(`placet:pending-messages:${id}`), agent.id),
      )
      .toBeNull()
    await sendBarrier('after the reload')
    expect(heardCount('Stored, answer lost')).toBe(1)
    expect(await storedCount('Stored, answer lost')).toBe(1)
  })
})

describe('older messages', () => {
  it('loads older messages on scroll-up and keeps the reader’s place', async () => {
    const archive = Agent.parse(await agentCall('POST', '/api/v1/agents', { name: 'Archivist' }))
    // More than one page (25): the oldest 15 are not in the first page.
    for (let index = 1; index <= 40; index++)
      await agentCall('POST', '/api/v1/messages', {
        channelId: archive.id,
        text: `Entry ${index} of the log`,
      })
    await page.goto(`${baseUrl}/chats/?agent=${archive.id}`)
    const entry = (index: number) =>
      page.getByTestId('message').filter({ hasText: new RegExp(`^.*Entry ${index} of the log$`) })
    await entry(40).waitFor()
    expect(await entry(16).count()).toBe(1)
    expect(await entry(15).count()).toBe(0)

    // Where the oldest loaded message sits in the scroller's viewport, in pixels.
    const scroller = page.locator('.chat-scroller')
    const offsetOf16 = () =>
      entry(16).evaluate((element) => {
        const view = element.closest('.chat-scroller')!.getBoundingClientRect()
        return Math.round(element.getBoundingClientRect().top - view.top)
      })
    // Scrolled to the very top at once (no smooth scrolling going on afterwards), and where
    // the oldest loaded message then sits, measured in the same task: before the scroll event
    // can even start loading.
    const offsetBefore = await scroller.evaluate((element) => {
      element.scrollTop = 0
      const sixteenth = [...element.querySelectorAll('[data-testid="message"]')].find((bubble) =>
        bubble.textContent?.endsWith('Entry 16 of the log'),
      )!
      return Math.round(sixteenth.getBoundingClientRect().top - element.getBoundingClientRect().top)
    })
    await entry(1).waitFor({ state: 'attached' })
    // The older messages went in above: what the reader saw stays where it was.
    await expect.poll(async () => Math.abs((await offsetOf16()) - offsetBefore)).toBeLessThan(2)
    expect(await scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(500)
    expect(await page.getByTestId('load-older').count()).toBe(0)
    expect(await page.getByTestId('message').count()).toBe(40)
  })
})

describe('socket liveness', () => {
  it('replaces a socket whose pongs stop coming', async () => {
    await page.goto(`${baseUrl}/chats/?agent=${agent.id}`)
    const live = page
      .locator('[data-testid="socket-live"][data-live="true"]')
      .filter({ visible: true })
    await live.waitFor()
    const { connections, pingsSent, pongsDelivered } = socketTraffic

    // Pongs come: the check on focus is answered.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))
    await expect.poll(() => socketTraffic.pongsDelivered).toBe(pongsDelivered + 1)
    expect(socketTraffic.pingsSent).toBe(pingsSent + 1)

    // Pongs stop: the check on coming back online gets none, and the socket is replaced.
    socketTraffic.dropFromServer = /^42\/ws,\["pong"/
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(() => socketTraffic.pingsSent).toBe(pingsSent + 2)
    await expect.poll(() => socketTraffic.connections, { timeout: 10_000 }).toBe(connections + 1)
    socketTraffic.dropFromServer = null

    // The new connection is live, and the chat still receives the agent's messages.
    await live.waitFor()
    const posted = Message.parse(
      await agentCall('POST', '/api/v1/messages', { channelId: agent.id, text: 'still here' }),
    )
    await page.locator(`[data-testid="message"][data-message-id="${posted.id}"]`).waitFor()
  })
})

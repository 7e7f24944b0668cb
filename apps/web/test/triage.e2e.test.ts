/**
 * Triage at speed (issue 10) in real headless Chromium against the real server: five reviews
 * of mixed types answered with the keyboard alone, three approved in bulk, a review answered
 * in one tab closing in another, an agent going from active to offline on the status page, a
 * failed webhook delivery listed and replayed on the logs page, and screenshots.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, ApiKeyWithSecret, Message } from '@placet/protocol'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  startServedDashboard,
  type ServedDashboard,
} from './served-dashboard'

const OWNER_EMAIL = 'owner@triage.test'
const OWNER_PASSWORD = 'triage-e2e-password'

let served: ServedDashboard
let browser: Browser
let baseUrl: string
let context: BrowserContext
let page: Page
let apiKey: string
let agent: Agent
/** A webhook receiver on loopback that answers `hookStatus`. */
let hookServer: Server
let hookStatus = 500

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`)
  return text ? JSON.parse(text) : undefined
}
const asAgent = (path: string, body: unknown, target: Agent = agent) =>
  call('POST', path, { 'x-api-key': apiKey }, { channelId: target.id, ...(body as object) })
const readMessage = async (id: string) =>
  Message.parse(await call('GET', `/api/v1/messages/${id}`, { 'x-api-key': apiKey }))

async function postReview(text: string, review: unknown, target: Agent = agent): Promise<Message> {
  return Message.parse(await asAgent('/api/v1/messages', { text, review }, target))
}

const rowOf = (on: Page, message: Message) =>
  on.locator(`[data-testid="inbox-row"][data-message-id="${message.id}"]`)

/** Waits until `message` is the selected row (the detail pane shows it). */
async function expectSelected(on: Page, message: Message) {
  await expect.poll(() => rowOf(on, message).getAttribute('aria-current')).toBe('true')
}

/** Presses Tab until the focused element is a button named `name`: keyboard only. */
async function tabToButton(on: Page, name: string) {
  for (let presses = 0; presses < 12; presses++) {
    await on.keyboard.press('Tab')
    const focused = await on.evaluate(() => {
      const element = document.activeElement
      return element?.tagName === 'BUTTON' ? element.textContent : null
    })
    if (focused === name) return
  }
  throw new Error(`no button "${name}" within 12 tabs`)
}

/** Waits until keyboard focus is on an element matching `selector` (focus moves a frame later). */
async function expectFocusOn(on: Page, selector: string) {
  await expect
    .poll(() => on.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector))
    .toBe(true)
}

async function answerOf(message: Message) {
  await expect
    .poll(async () => (await readMessage(message.id)).review?.status, { timeout: 10_000 })
    .not.toBe('pending')
  return (await readMessage(message.id)).review!
}

async function signIn(on: Page) {
  await on.goto(`${baseUrl}/login/`)
  await on.getByTestId('login-email').fill(OWNER_EMAIL)
  await on.getByTestId('login-password').fill(OWNER_PASSWORD)
  await on.getByTestId('login-submit').click()
  await on.waitForURL((url) => !url.pathname.startsWith('/login'))
}

async function openInbox(on: Page) {
  await on.goto(`${baseUrl}/inbox/`)
  // The shell's indicator (one in the sidebar, one in the phone's top bar).
  await on
    .locator('[data-testid="socket-live"][data-live="true"]')
    .first()
    .waitFor({ state: 'attached' })
}

beforeAll(async () => {
  hookServer = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(hookStatus).end())
  })
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve))
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
    AGENT_OFFLINE_AFTER: '3s',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_SCHEDULE: '50ms',
  })
  ;({ browser, baseUrl } = served)
  context = await browser.newContext({ viewport: DESKTOP })
  page = await context.newPage()
  await signIn(page)
  const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ')
  apiKey = ApiKeyWithSecret.parse(
    await call('POST', '/api/api-keys', { cookie }, { label: 'e2e' }),
  ).key
  agent = Agent.parse(
    await call('POST', '/api/v1/agents', { 'x-api-key': apiKey }, { name: 'Release bot' }),
  )
  mkdirSync(SCREENSHOTS, { recursive: true })
}, 60_000)

afterAll(async () => {
  await served?.stop()
  await new Promise((resolve) => hookServer?.close(resolve))
})

describe('keyboard triage', () => {
  it('answers five reviews of mixed types with the keyboard alone', async () => {
    const approve = await postReview('Deploy the API?', { type: 'approval' })
    const reject = await postReview('Drop the old table?', { type: 'approval' })
    const selection = await postReview('Where to?', {
      type: 'selection',
      payload: {
        mode: 'single',
        items: [
          { id: 'staging', label: 'Staging' },
          { id: 'production', label: 'Production' },
        ],
      },
    })
    const text = await postReview('Name the release', { type: 'text-input' })
    const form = await postReview('Release settings', {
      type: 'form',
      payload: { fields: [{ name: 'reason', type: 'text', label: 'Reason', required: true }] },
    })
    await openInbox(page)
    await rowOf(page, approve).waitFor()
    expect(await page.getByTestId('inbox-row').count()).toBe(5)
    // Newest first: the form is selected, and every row starts unread.
    await expectSelected(page, form)
    expect(await rowOf(page, text).getAttribute('data-unread')).toBe('true')

    // j / k move the selection; ? shows the shortcuts.
    await page.keyboard.press('j')
    await expectSelected(page, text)
    await page.keyboard.press('k')
    await expectSelected(page, form)
    await page.keyboard.press('?')
    await page.getByTestId('shortcuts-dialog').waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('shortcuts-dialog').waitFor({ state: 'detached' })

    // The form: Enter focuses its first field, Enter in the field submits.
    await page.keyboard.press('Enter')
    await expectFocusOn(page, '[data-testid="review-detail"] input')
    await page.keyboard.type('Quarterly release')
    await page.keyboard.press('Enter')
    expect((await answerOf(form)).response).toEqual({ reason: 'Quarterly release' })
    // The next review opened by itself.
    await expectSelected(page, text)

    await page.keyboard.press('Enter')
    await expectFocusOn(page, '[data-testid="review-detail"] textarea')
    await page.keyboard.type('v4.2 Aurora')
    await tabToButton(page, 'Submit')
    await page.keyboard.press('Enter')
    expect((await answerOf(text)).response).toMatchObject({ text: 'v4.2 Aurora' })
    await expectSelected(page, selection)

    await page.keyboard.press('Enter')
    await expectFocusOn(page, '[data-testid="review-detail"] input[type="radio"]')
    await page.keyboard.press('Space')
    await tabToButton(page, 'Submit')
    await page.keyboard.press('Enter')
    expect((await answerOf(selection)).response).toEqual({ selectedIds: ['staging'] })
    await expectSelected(page, reject)

    await page.keyboard.press('r')
    expect((await answerOf(reject)).response).toEqual({ selectedOption: 'reject' })
    await expectSelected(page, approve)

    // c: a comment for the agent, Esc leaves the field, a approves with it.
    await page.keyboard.press('c')
    await expectFocusOn(page, '[data-testid="review-feedback"]')
    await page.keyboard.type('Ship it')
    await page.keyboard.press('a') // typed into the field, not a shortcut
    await page.keyboard.press('Escape')
    await page.keyboard.press('a')
    const approved = await answerOf(approve)
    expect(approved.response).toEqual({ selectedOption: 'approve' })
    expect(approved.feedback).toBe('Ship ita')
    expect(await rowOf(page, text).getAttribute('data-unread')).toBe('false')
  })

  it('shows a revised review once, tagged Re-Review, with the changes on demand', async () => {
    const first = await postReview('Rename the service to atlas', { type: 'approval' })
    await call(
      'POST',
      `/api/messages/${first.id}/respond`,
      { cookie: await cookieOf(page) },
      {
        response: { selectedOption: 'reject' },
        feedback: 'Pick another name',
      },
    )
    const second = Message.parse(
      await asAgent('/api/v1/messages', {
        text: 'Rename the service to orion',
        review: { type: 'approval' },
        iterationOf: first.id,
      }),
    )
    await page.getByRole('button', { name: 'All', exact: true }).click()
    await rowOf(page, second).waitFor()
    expect(await rowOf(page, first).count()).toBe(0)
    expect(await rowOf(page, second).getByTestId('rereview-tag').textContent()).toBe('Re-Review')
    await rowOf(page, second).getByRole('button').click()
    await page.getByTestId('diff-toggle').click()
    const diff = page.getByTestId('iteration-diff')
    await diff.waitFor()
    expect(await diff.locator('del').textContent()).toBe('atlas')
    expect(await diff.locator('ins').textContent()).toBe('orion')
    await page.getByRole('button', { name: 'Pending', exact: true }).click()
  })
})

async function cookieOf(on: Page) {
  return (await on.context().cookies()).map(({ name, value }) => `${name}=${value}`).join('; ')
}

describe('bulk approval', () => {
  it('approves three selected reviews after a confirmation', async () => {
    const reviews = [
      await postReview('Bulk one', { type: 'approval' }),
      await postReview('Bulk two', { type: 'approval' }),
      await postReview('Bulk three', { type: 'approval' }),
    ]
    const untouched = await postReview('Leave me', { type: 'approval' })
    await openInbox(page)
    for (const review of reviews) await rowOf(page, review).waitFor()
    // x selects the current row; j moves on.
    for (const review of reviews) {
      await rowOf(page, review).getByRole('button').click()
      await expectSelected(page, review)
      await page.keyboard.press('x')
    }
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected')
    await page.getByTestId('bulk-approve').click()
    const dialog = page.getByTestId('bulk-dialog')
    await dialog.waitFor()
    expect(await dialog.getByRole('listitem').count()).toBe(3)
    await page.getByTestId('bulk-confirm').click()
    await expect
      .poll(() => page.getByTestId('bulk-outcome').textContent())
      .toContain('Approved 3 of 3')
    for (const review of reviews)
      expect((await answerOf(review)).response).toEqual({ selectedOption: 'approve' })
    expect((await readMessage(untouched.id)).review?.status).toBe('pending')
  })
})

describe('live in every tab', () => {
  it('closes a review answered in one tab in the other', async () => {
    const review = await postReview('Two tabs, one answer', { type: 'approval' })
    const other = await context.newPage()
    await openInbox(other)
    await openInbox(page)
    for (const tab of [page, other]) await rowOf(tab, review).getByRole('button').click()
    const otherCard = other.locator(`[data-testid="review-card"][data-message-id="${review.id}"]`)
    await otherCard.getByRole('button', { name: 'Approve' }).waitFor()

    await page
      .locator(`[data-testid="review-card"][data-message-id="${review.id}"]`)
      .getByRole('button', { name: 'Approve' })
      .click()
    await expect.poll(() => otherCard.getByTestId('review-status').textContent()).toBe('Completed')
    expect(await otherCard.getByRole('button', { name: 'Approve' }).count()).toBe(0)
    expect(await rowOf(other, review).getAttribute('data-status')).toBe('completed')
    await other.close()
  })
})

describe('status page', () => {
  it('shows an agent going from active to offline, live', async () => {
    const pinger = Agent.parse(
      await call('POST', '/api/v1/agents', { 'x-api-key': apiKey }, { name: 'Heartbeat bot' }),
    )
    await call(
      'POST',
      '/api/v1/status/ping',
      { 'x-api-key': apiKey },
      { agentId: pinger.id, status: 'active' },
    )
    await page.goto(`${baseUrl}/status/`)
    const card = page.locator(`[data-testid="agent-status-card"][data-agent-id="${pinger.id}"]`)
    await expect.poll(() => card.getByTestId('agent-status').textContent()).toBe('Active')
    await expect
      .poll(async () => Number(await page.getByTestId('tile-Agents').textContent()))
      .toBeGreaterThanOrEqual(2)
    // Silent for AGENT_OFFLINE_AFTER (3 s): the server sets it offline and says so.
    await expect
      .poll(() => card.getByTestId('agent-status').textContent(), { timeout: 15_000 })
      .toBe('Offline')
    await expect
      .poll(() => card.locator('[data-status="offline"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0)
    expect(await card.locator('[data-status="active"]').count()).toBe(1)
  })
})

describe('logs page', () => {
  it('lists a failed webhook delivery and replays it', async () => {
    const hooked = Agent.parse(
      await call('POST', '/api/v1/agents', { 'x-api-key': apiKey }, { name: 'Hooked bot' }),
    )
    await asAgent(
      '/api/v1/agents/setWebhook',
      {
        url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`,
        auth: { username: 'bot', password: 'hunter2' },
      },
      hooked,
    )
    const review = await postReview('Hooked review', { type: 'approval' }, hooked)
    hookStatus = 500
    await call(
      'POST',
      `/api/messages/${review.id}/respond`,
      { cookie: await cookieOf(page) },
      {
        response: { selectedOption: 'approve' },
      },
    )

    await page.goto(`${baseUrl}/logs/`)
    // The request log, with the webhook password masked in the detail panel.
    const setWebhook = page
      .getByTestId('api-log-row')
      .filter({ hasText: '/api/v1/agents/setWebhook' })
    await setWebhook.first().click()
    const requestBody = await page.getByTestId('log-request-body').textContent()
    expect(requestBody).toContain('"password": "***"')
    expect(requestBody).not.toContain('hunter2')
    await page.keyboard.press('Escape')

    await page.getByRole('tab', { name: 'Webhook deliveries' }).click()
    await page.getByLabel('State').selectOption('failed')
    const row = page.getByTestId('delivery-row').filter({ hasText: 'Hooked bot' })
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click()
          return row.getAttribute('data-state')
        },
        { timeout: 15_000 },
      )
      .toBe('failed')

    hookStatus = 200
    await page.getByLabel('State').selectOption('')
    await row.getByRole('button', { name: /^Replay/ }).click()
    // The attempt's outcome arrives live (`message:delivery`), without a refresh.
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('delivered')
    await row.locator('summary').click()
    expect(await row.getByRole('listitem').count()).toBe(3)
  })
})

describe('notifications and PWA', () => {
  it('registers the service worker, links the manifest and has a labelled push toggle', async () => {
    await page.goto(`${baseUrl}/settings/`)
    const toggle = page.getByRole('switch', { name: 'Push notifications on this device' })
    await toggle.waitFor()
    await expect
      .poll(() =>
        page.evaluate(async () =>
          Boolean((await navigator.serviceWorker.getRegistration('/'))?.active),
        ),
      )
      .toBe(true)
    const manifest = await page.locator('link[rel="manifest"]').getAttribute('href')
    const body = await (await fetch(new URL(manifest!, baseUrl))).json()
    expect(body).toMatchObject({ name: 'Placet', display: 'standalone' })
  })

  it('shows the number of pending reviews in the page title', async () => {
    await openInbox(page)
    const pending = (
      await call('GET', '/api/messages/reviews/counts', { cookie: await cookieOf(page) })
    ).pending
    await expect.poll(() => page.title()).toBe(`(${pending}) Inbox · Placet`)
    await postReview('One more', { type: 'approval' })
    await expect.poll(() => page.title()).toBe(`(${pending + 1}) Inbox · Placet`)
  })
})

describe('screenshots', () => {
  it('saves the inbox, status and logs screens, desktop and phone, without sideways scrolling', async () => {
    for (const [device, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const shots = await browser.newContext({
        viewport,
        storageState: await context.storageState(),
      })
      const shot = await shots.newPage()
      for (const [screen, content] of [
        ['inbox', 'inbox-row'],
        ['status', 'status-chart'],
        ['logs', 'api-log-row'],
      ] as const) {
        await shot.goto(`${baseUrl}/${screen}/`)
        await shot.getByTestId(content).first().waitFor()
        await shot
          .locator('[data-testid="socket-live"][data-live="true"]')
          .first()
          .waitFor({ state: 'attached' })
        expect(
          await shot.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
          `${screen} on ${device} scrolls sideways`,
        ).toBe(true)
        await shot.screenshot({
          path: new URL(`triage-${screen}-${device}.png`, SCREENSHOTS).pathname,
        })
      }
      await shots.close()
    }
  })
})

/**
 * Chat settings and delivery in real headless Chromium against the real server: an avatar
 * uploaded in chat settings shows in the sidebar and the chat header, and is removed again; a
 * webhook set in chat settings fails against a real local receiver answering 500, Retry on the
 * message delivers it once the receiver is back, and Replay in the delivery log sends it again.
 */
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { solidPng } from '@placet/testing/solid-png'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  SCREENSHOTS,
  scrollsSideways,
  openPhonePage,
  startServedDashboard,
  type ServedDashboard,
} from './served-dashboard'

const OWNER_EMAIL = 'owner@settings.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'settings-e2e-password'
const AVATAR = solidPng(48, 48, [230, 119, 0])

/** A real webhook receiver on loopback: answers with `status`, records each request's body. */
type Receiver = { url: string; status: number; bodies: string[]; server: Server }

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: '', status: 200, bodies: [], server: createServer() }
  receiver.server.on('request', (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      receiver.bodies.push(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`
  return receiver
}

let receiver: Receiver
let served: ServedDashboard
let browser: Browser
let context: BrowserContext
let page: Page
let baseUrl: string

/** The decoded width of the avatar image in a sidebar row or the header; 0 while initials show. */
function avatarWidthIn(on: Page, where: 'sidebar' | 'header', name: string): Promise<number> {
  const scope =
    where === 'sidebar'
      ? // Not by role: an open dialog hides the rest of the page from the accessibility tree.
        on.getByTestId('agent-row').filter({ hasText: name })
      : on.locator('header.chat-header')
  return scope.evaluate((element) => {
    const image = element.querySelector<HTMLImageElement>('[data-testid="avatar-image"]')
    return image?.complete ? image.naturalWidth : 0
  })
}

async function createAgent(name: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Chats', exact: true })
    .click()
  await page.getByRole('button', { name: 'New agent' }).click()
  await page.getByRole('dialog').getByLabel('Name').fill(name)
  await page.getByRole('dialog').getByRole('button', { name: 'Create agent' }).click()
  await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe(name)
}

beforeAll(async () => {
  receiver = await startReceiver()
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
    // The receiver is on loopback, which the SSRF guard refuses unless told otherwise; short
    // retries make a delivery fail for good within the test.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_RETRY_SCHEDULE: '50ms,50ms',
  })
  ;({ browser, baseUrl } = served)
  context = await browser.newContext({ viewport: DESKTOP })
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.goto(`${baseUrl}/`)
  await page.waitForURL(/\/login\/?$/)
  await page.getByTestId('login-email').fill(OWNER_EMAIL)
  await page.getByTestId('login-password').fill(OWNER_PASSWORD)
  await page.getByTestId('login-submit').click()
  // Signed in once the app's navigation shows (the login page's URL ends in "/" too).
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}, 60_000)

afterAll(async () => {
  await served?.stop()
  await new Promise((resolve) => receiver?.server.close(resolve))
})

describe('chat settings', () => {
  it('uploads an avatar that shows in the sidebar and the header, and removes it', async () => {
    await createAgent('Painter')
    expect(await avatarWidthIn(page, 'sidebar', 'Painter')).toBe(0)

    await page.getByRole('button', { name: 'Chat settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings of Painter' })
    await settings
      .getByLabel('Upload avatar')
      .setInputFiles({ name: 'painter.png', mimeType: 'image/png', buffer: AVATAR })
    await expect
      .poll(() => settings.getByRole('status').first().textContent())
      .toBe('Avatar saved.')
    await expect.poll(() => avatarWidthIn(page, 'sidebar', 'Painter')).toBe(48)
    expect(await avatarWidthIn(page, 'header', 'Painter')).toBe(48)
    await settings.screenshot({
      path: new URL('chat-settings-avatar-desktop.png', SCREENSHOTS).pathname,
    })

    // Not an image: the server's reason shows, and the avatar stays.
    await settings
      .getByLabel('Upload avatar')
      .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a png') })
    await expect.poll(() => settings.getByRole('alert').textContent()).toContain('Not an image')
    expect(await avatarWidthIn(page, 'sidebar', 'Painter')).toBe(48)

    await page.keyboard.press('Escape')
    await page.screenshot({ path: new URL('chat-avatar-desktop.png', SCREENSHOTS).pathname })

    const small = await openPhonePage(browser, context, `${baseUrl}/chats/`)
    await expect.poll(() => avatarWidthIn(small, 'sidebar', 'Painter')).toBe(48)
    expect(await scrollsSideways(small)).toBe(false)
    await small.screenshot({ path: new URL('chat-avatar-phone.png', SCREENSHOTS).pathname })
    await small.getByRole('link', { name: 'Painter', exact: true }).click()
    await small.getByRole('button', { name: 'Chat settings' }).click()
    await small.getByRole('dialog').getByRole('button', { name: 'Remove avatar' }).waitFor()
    expect(await scrollsSideways(small)).toBe(false)
    await small.screenshot({
      path: new URL('chat-settings-avatar-phone.png', SCREENSHOTS).pathname,
    })
    await small.context().close()

    await page.getByRole('button', { name: 'Chat settings' }).click()
    await settings.getByRole('button', { name: 'Remove avatar' }).click()
    await expect
      .poll(() => settings.getByRole('status').first().textContent())
      .toBe('Avatar removed.')
    await expect.poll(() => avatarWidthIn(page, 'sidebar', 'Painter')).toBe(0)
    expect(await settings.getByRole('button', { name: 'Remove avatar' }).count()).toBe(0)
    await page.keyboard.press('Escape')
  })

  it('retries a failed webhook delivery from the message, and replays it from the log', async () => {
    await createAgent('Hooked')
    await page.getByRole('button', { name: 'Chat settings' }).click()
    const settings = page.getByRole('dialog', { name: 'Settings of Hooked' })
    await settings.getByLabel('Webhook URL').fill(receiver.url)
    await settings.getByRole('button', { name: 'Save webhook' }).click()
    await expect
      .poll(() => settings.getByRole('status').first().textContent())
      .toBe('Webhook saved.')
    await page.keyboard.press('Escape')

    // The receiver is down: every attempt gets a 500 and the delivery fails for good.
    receiver.status = 500
    const input = page.getByRole('combobox', { name: 'Message' })
    await input.fill('Please rebuild the index')
    await input.press('Enter')
    const bubble = page.getByTestId('message').filter({ hasText: 'Please rebuild the index' })
    const delivery = bubble.getByTestId('delivery')
    await expect.poll(() => delivery.getAttribute('data-status')).toBe('webhook_failed')
    const messageId = (await bubble.getAttribute('data-message-id')) ?? ''
    const carries = (body: string) => body.includes(messageId)
    // The first attempt and the two retries of WEBHOOK_RETRY_SCHEDULE, then the delivery is dead.
    const failedAttempts = 3
    await expect.poll(() => receiver.bodies.filter(carries).length).toBe(failedAttempts)
    await page.screenshot({
      path: new URL('chat-webhook-failed-desktop.png', SCREENSHOTS).pathname,
    })

    // Back up: Retry delivers it, and the ticks say so live.
    receiver.status = 200
    await delivery.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => delivery.getAttribute('data-status')).toBe('webhook_delivered')
    expect(receiver.bodies.filter(carries)).toHaveLength(failedAttempts + 1)
    expect(await delivery.getByRole('button', { name: 'Retry' }).count()).toBe(0)

    // The delivery log in chat settings replays it once more.
    await page.getByRole('button', { name: 'Chat settings' }).click()
    const log = settings.getByRole('region', { name: 'Webhook deliveries' })
    const replay = log.getByRole('button', { name: /^Replay message:created/ })
    await replay.waitFor()
    expect(await replay.count()).toBe(1)
    expect(await log.getByText('delivered', { exact: true }).count()).toBe(1)
    await replay.click()
    await expect.poll(() => receiver.bodies.filter(carries).length).toBe(failedAttempts + 2)
    await settings.screenshot({
      path: new URL('chat-settings-deliveries-desktop.png', SCREENSHOTS).pathname,
    })
    await page.keyboard.press('Escape')
  })

  it('shows the chat list grouped by tag or flat by last activity, and remembers the choice', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Chats', exact: true })
      .click()
    await page.getByRole('button', { name: 'New agent' }).click()
    await page.getByRole('dialog').getByLabel('Name').fill('Ops bot')
    await page.getByRole('dialog').getByLabel('Tag').fill('ops')
    await page.getByRole('dialog').getByRole('button', { name: 'Create agent' }).click()
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe('Ops bot')
    const names = () =>
      page
        .getByTestId('agent-row')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')))
    const toggle = page.getByRole('button', { name: 'Group by tag' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('group').filter({ hasText: 'ops' }).waitFor()
    // Grouped: untagged agents first, then the "ops" group.
    expect((await names()).at(-1)).toBe('Ops bot')

    await toggle.click()
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false')
    expect(await page.locator('details.agent-group').count()).toBe(0)
    // Flat: the most recently active first (Ops bot is newest, Hooked had the last message).
    expect(await names()).toEqual(['Ops bot', 'Hooked', 'Painter'])
    await page.screenshot({ path: new URL('chat-list-flat-desktop.png', SCREENSHOTS).pathname })

    await page.reload()
    await page.getByTestId('agent-row').first().waitFor()
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false')
    expect(await names()).toEqual(['Ops bot', 'Hooked', 'Painter'])
    const small = await openPhonePage(browser, context, `${baseUrl}/chats/`)
    await small.getByRole('button', { name: 'Group by tag', pressed: false }).waitFor()
    expect(await scrollsSideways(small)).toBe(false)
    await small.screenshot({ path: new URL('chat-list-flat-phone.png', SCREENSHOTS).pathname })
    await small.context().close()

    await toggle.click()
    await page.getByRole('group').filter({ hasText: 'ops' }).waitFor()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
  })
})

/**
 * Settings an owner administers, in real headless Chromium against the real server: an API key
 * rotated and deleted in Settings stops working for the agent at once, and the Users section
 * creates a user, changes their role and deletes them, while a member never sees it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, startServedDashboard, type ServedDashboard } from './served-dashboard'

const OWNER_EMAIL = 'owner@admin.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'admin-e2e-password'
const MEMBER_EMAIL = 'mia@admin.test'
const MEMBER_PASSWORD = 'mia-e2e-password'

let served: ServedDashboard
let browser: Browser
let context: BrowserContext
let page: Page
let baseUrl: string

/** What the agent API answers to this key. */
async function statusWithKey(apiKey: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/v1/agents`, { headers: { 'x-api-key': apiKey } })
  await response.body?.cancel()
  return response.status
}

async function signIn(on: Page, email: string, password: string) {
  await on.goto(`${baseUrl}/login/`)
  await on.getByTestId('login-email').fill(email)
  await on.getByTestId('login-password').fill(password)
  await on.getByTestId('login-submit').click()
  // Signed in once the app's navigation shows (the login page's URL ends in "/" too).
  await on.getByRole('navigation', { name: 'Main' }).waitFor()
}

async function openSettings(on: Page) {
  await on
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings', exact: true })
    .click()
  await on.getByRole('heading', { name: 'API keys' }).waitFor()
}

beforeAll(async () => {
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
  })
  ;({ browser, baseUrl } = served)
  context = await browser.newContext({ viewport: DESKTOP })
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  await signIn(page, OWNER_EMAIL, OWNER_PASSWORD)
  await openSettings(page)
}, 60_000)

afterAll(async () => {
  await served?.stop()
})

describe('API keys in Settings', () => {
  it('rotates a key (the old one is refused at once) and deletes it (refused too)', async () => {
    await page.getByLabel('Label').fill('rotating')
    await page.getByRole('button', { name: 'Create key' }).click()
    const shown = page.getByTestId('new-api-key-value')
    const first = (await shown.textContent()) ?? ''
    expect(first).toMatch(/^hp_[0-9a-f]{48}$/)
    expect(await statusWithKey(first)).toBe(200)
    const row = page.getByTestId('api-key-row').filter({ hasText: 'rotating' })
    await row.filter({ hasText: first.slice(0, 11) }).waitFor()

    await page.getByRole('button', { name: 'Rotate rotating' }).click()
    await expect.poll(() => shown.textContent()).not.toBe(first)
    const second = (await shown.textContent()) ?? ''
    expect(second).toMatch(/^hp_[0-9a-f]{48}$/)
    await row.filter({ hasText: second.slice(0, 11) }).waitFor()
    expect(await statusWithKey(first)).toBe(401)
    expect(await statusWithKey(second)).toBe(200)

    await page.getByRole('button', { name: 'Delete rotating' }).click()
    await expect.poll(() => row.count()).toBe(0)
    expect(await statusWithKey(second)).toBe(401)
  })
})

describe('Users in Settings', () => {
  it('creates a user, changes the role and deletes them; a member sees no Users section', async () => {
    const users = page.getByRole('region', { name: 'Users' })
    await users.getByLabel('Email').fill(MEMBER_EMAIL)
    await users.getByLabel('Name').fill('Mia')
    await users.getByLabel('Password').fill(MEMBER_PASSWORD)
    await users.getByLabel('Role', { exact: true }).selectOption('member')
    await users.getByRole('button', { name: 'Add user' }).click()
    const row = page.getByTestId('user-row').filter({ hasText: MEMBER_EMAIL })
    await row.waitFor()
    expect(await row.getByLabel('Role of Mia').inputValue()).toBe('member')

    // Mia signs in elsewhere: a member has API keys but no Users section.
    const miaContext = await browser.newContext({ viewport: DESKTOP })
    miaContext.setDefaultTimeout(10_000)
    const mia = await miaContext.newPage()
    await signIn(mia, MEMBER_EMAIL, MEMBER_PASSWORD)
    await openSettings(mia)
    expect(await mia.getByRole('heading', { name: 'Users' }).count()).toBe(0)
    expect(await mia.getByRole('button', { name: 'Add user' }).count()).toBe(0)

    await row.getByLabel('Role of Mia').selectOption('owner')
    // The select shows what the server holds once the list is reloaded after the PATCH.
    await expect.poll(() => row.getByLabel('Role of Mia').inputValue()).toBe('owner')
    // The new role holds on the server: Mia, reloaded, now administers users too.
    await mia.reload()
    await mia.getByRole('heading', { name: 'Users' }).waitFor()
    await row.getByLabel('Role of Mia').selectOption('member')
    await expect.poll(() => row.getByLabel('Role of Mia').inputValue()).toBe('member')
    await mia.reload()
    await mia.getByRole('heading', { name: 'API keys' }).waitFor()
    expect(await mia.getByRole('heading', { name: 'Users' }).count()).toBe(0)

    await row.getByRole('button', { name: 'Delete Mia' }).click()
    await expect.poll(() => row.count()).toBe(0)
    // Her session ends with her account.
    const cookie = (await miaContext.cookies())
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ')
    const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } })
    await me.body?.cancel()
    expect(me.status).toBe(401)
    await miaContext.close()
    // The owner's own row has no Delete button.
    const ownRow = page.getByTestId('user-row').filter({ hasText: OWNER_EMAIL })
    expect(await ownRow.getByRole('button', { name: /^Delete/ }).count()).toBe(0)
  })
})

/**
 * The API reference in real headless Chromium: reachable from the dashboard by keyboard, and
 * readable on a phone.
 */
import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServedDashboard, type ServedDashboard } from './served-dashboard'

const OWNER_EMAIL = 'owner@reference.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'reference-e2e-password'
const SCREENSHOTS = new URL('../test-results/', import.meta.url)

let served: ServedDashboard
let browser: Browser
let baseUrl: string

beforeAll(async () => {
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
  })
  ;({ browser, baseUrl } = served)
  mkdirSync(SCREENSHOTS, { recursive: true })
}, 60_000)

afterAll(() => served?.stop())

describe('API reference', () => {
  it('opens from the menu and lists the agent API, on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await page.goto(`${baseUrl}/`)
    await page.waitForURL(/\/login\/?$/)
    await page.getByTestId('login-email').fill(OWNER_EMAIL)
    await page.getByTestId('login-password').fill(OWNER_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL(/\/$/)

    await page.getByRole('button', { name: 'Menu' }).click()
    const link = page.getByRole('link', { name: 'API reference' })
    await link.waitFor()
    await page.screenshot({
      path: new URL('dashboard-menu-phone.png', SCREENSHOTS).pathname,
      fullPage: true,
    })
    await link.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/api\/docs$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toContain('Placet API')
    expect(await page.getByRole('heading', { name: 'Agent API' }).count()).toBe(1)
    expect(await page.locator('code', { hasText: '/api/v1/reviews/{id}/wait' }).count()).toBe(1)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBe(0)
    await page.screenshot({ path: new URL('api-reference-phone.png', SCREENSHOTS).pathname })

    await page.getByRole('link', { name: 'The OpenAPI 3.1 document (JSON)' }).click()
    await page.waitForURL(/\/api\/openapi\.json$/)
    await page.close()
  })
})

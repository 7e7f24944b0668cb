/**
 * The dashboard in real headless Chromium against the real server (built bundle + this app's
 * static export on one port): first sign-in with the seeded owner, forced password change,
 * sign out, sign in again.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServedDashboard, type ServedDashboard } from './served-dashboard'

let served: ServedDashboard
let browser: Browser
let baseUrl: string

beforeAll(async () => {
  served = await startServedDashboard()
  ;({ browser, baseUrl } = served)
}, 60_000)

afterAll(() => served?.stop())

describe('dashboard sign-in', () => {
  it('signs in the seeded owner, forces the password change, signs out and in again', async () => {
    const page = await browser.newPage()
    await page.goto(`${baseUrl}/`)
    await page.waitForURL(/\/login\/?$/)

    await page.getByTestId('login-email').fill('admin@placet.local')
    await page.getByTestId('login-password').fill('wrong-password')
    await page.getByTestId('login-submit').click()
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('Invalid credentials')

    await page.getByTestId('login-password').fill('changeme')
    await page.getByTestId('login-submit').click()
    await page.waitForURL(/\/change-password\/?$/)

    await page.getByTestId('current-password').fill('changeme')
    await page.getByTestId('new-password').fill('a-much-better-password')
    await page.getByTestId('confirm-new-password').fill('a-much-better-password')
    await page.getByTestId('change-password-submit').click()
    await page.waitForURL(/\/$/)
    await expect
      .poll(() => page.getByTestId('current-user-email').textContent())
      .toContain('admin@placet.local')

    const cookies = await page.context().cookies()
    expect(cookies.find((cookie) => cookie.name === 'access_token')?.httpOnly).toBe(true)

    await page.getByTestId('sign-out').click()
    await page.waitForURL(/\/login\/?$/)
    await page.getByTestId('login-email').fill('admin@placet.local')
    await page.getByTestId('login-password').fill('a-much-better-password')
    await page.getByTestId('login-submit').click()
    await page.waitForURL(/\/$/)
    await expect
      .poll(() => page.getByTestId('current-user-email').textContent())
      .toContain('admin@placet.local')
    await page.close()
  })
})

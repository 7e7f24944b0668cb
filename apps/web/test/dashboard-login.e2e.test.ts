/**
 * The dashboard in real headless Chromium against the real server (built bundle + this app's
 * static export on one port): first sign-in with the seeded owner, forced password change,
 * sign out, sign in again.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const WEB_OUT = fileURLToPath(new URL('../out', import.meta.url))
const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

let server: ChildProcess
let browser: Browser
let baseUrl: string
let dataDir: string

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

async function waitForHealth(url: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('server did not become healthy')
}

beforeAll(async () => {
  if (!existsSync(join(WEB_OUT, 'index.html')))
    throw new Error('apps/web/out is missing: run the web build first')
  if (!existsSync(SERVER_MAIN))
    throw new Error('apps/server/dist is missing: run the server build first')
  dataDir = mkdtempSync(join(tmpdir(), 'placet-e2e-'))
  const port = await freePort()
  baseUrl = `http://127.0.0.1:${port}`
  server = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIR: WEB_OUT,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  await waitForHealth(baseUrl)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  await new Promise((resolve) => server?.once('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
})

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

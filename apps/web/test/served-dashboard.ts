/**
 * The browser tests' setup: the built server bundle serving this app's static export on one
 * free loopback port, over a fresh data directory, and Debian's Chromium driven by
 * playwright-core.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnTracked } from '@placet/testing/child-processes'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const WEB_OUT = fileURLToPath(new URL('../out', import.meta.url))
const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export type ServedDashboard = {
  baseUrl: string
  browser: Browser
  /** Closes the browser, stops the server and removes its data. */
  stop: () => Promise<void>
}

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

/** Starts server and browser; `env` adds server settings (e.g. the seeded owner). */
export async function startServedDashboard(
  env: Record<string, string> = {},
): Promise<ServedDashboard> {
  if (!existsSync(join(WEB_OUT, 'index.html')))
    throw new Error('apps/web/out is missing: run the web build first')
  if (!existsSync(SERVER_MAIN))
    throw new Error('apps/server/dist is missing: run the server build first')
  const dataDir = mkdtempSync(join(tmpdir(), 'placet-e2e-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const server = spawnTracked(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIR: WEB_OUT,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const stopServer = async () => {
    await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(baseUrl)
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    })
    return {
      baseUrl,
      browser,
      stop: async () => {
        await browser.close()
        await stopServer()
      },
    }
  } catch (error) {
    // The server must not outlive a set-up that failed halfway (issue 8).
    await stopServer()
    throw error
  }
}

/** The viewports every screen is checked and photographed at. */
export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }
/** Where the tests save the screenshots the README links to. */
export const SCREENSHOTS = new URL('../../../docs/screenshots/', import.meta.url)

/** True when the page is wider than its viewport (horizontal scrolling). */
export function scrollsSideways(on: Page): Promise<boolean> {
  return on.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  )
}

/** A page on a phone (390×844, touch), signed in as `signedIn` is, opened at `url`. */
export async function openPhonePage(
  browser: Browser,
  signedIn: BrowserContext,
  url: string,
): Promise<Page> {
  const phone = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    storageState: await signedIn.storageState(),
  })
  const page = await phone.newPage()
  await page.goto(url)
  return page
}

/**
 * Files in the dashboard (issue 11), in real headless Chromium against the real server: a PNG
 * attached through the chat's "Attach file" button and a markdown file dropped on the chat
 * arrive as messages with preview cards, open in the preview dialog, and show up in Files,
 * where they are filtered, selected, zipped, shared and deleted; the phone layout, and
 * screenshots of Files and of a chat with an attachment.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  scrollsSideways,
  startServedDashboard,
  type ServedDashboard,
} from './served-dashboard'

const OWNER_EMAIL = 'owner@files.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'files-e2e-password'

let served: ServedDashboard
let browser: Browser
let context: BrowserContext
let page: Page
let baseUrl: string
let chatPath: string
let png: Buffer

function tileOf(on: Page, filename: string) {
  return on.getByTestId('file-tile').filter({ hasText: filename })
}

beforeAll(async () => {
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
    // Small, so the test can send one file too many without moving megabytes.
    MAX_UPLOAD_MB: '1',
  })
  ;({ browser, baseUrl } = served)
  context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true })
  // A step that fails should say which locator it waited for, well inside the test timeout.
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  mkdirSync(SCREENSHOTS, { recursive: true })

  await page.goto(`${baseUrl}/`)
  await page.waitForURL(/\/login\/?$/)
  await page.getByTestId('login-email').fill(OWNER_EMAIL)
  await page.getByTestId('login-password').fill(OWNER_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/$/)

  // A real PNG, drawn by the browser itself: a chart-like picture for the screenshots.
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 480
    canvas.height = 270
    const draw = canvas.getContext('2d')
    if (!draw) throw new Error('no 2d canvas')
    draw.fillStyle = '#f1f3f5'
    draw.fillRect(0, 0, 480, 270)
    const bars = [120, 180, 90, 210, 150]
    bars.forEach((height, index) => {
      draw.fillStyle = index % 2 ? '#3b5bdb' : '#2b8a3e'
      draw.fillRect(40 + index * 85, 250 - height, 60, height)
    })
    draw.fillStyle = '#1b1e24'
    draw.font = 'bold 22px sans-serif'
    draw.fillText('Weekly deploys', 40, 36)
    return canvas.toDataURL('image/png')
  })
  png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
}, 60_000)

afterAll(async () => {
  await served?.stop()
})

describe('files in the dashboard', () => {
  it('attaches a PNG with the Attach file button and shows it in the chat', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Chats', exact: true })
      .click()
    await page.getByRole('button', { name: 'New agent' }).click()
    await page.getByLabel('Name').fill('Design bot')
    await page.getByRole('dialog').getByRole('button', { name: 'Create agent' }).click()
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe('Design bot')
    chatPath = new URL(page.url()).pathname + new URL(page.url()).search

    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Attach file' }).click()
    await (await chooser).setFiles({ name: 'chart.png', mimeType: 'image/png', buffer: png })

    const card = page.getByTestId('attachment-card').filter({ hasText: 'chart.png' })
    await card.waitFor()
    const image = card.getByRole('img', { name: 'chart.png' })
    // The thumbnail really loaded through the session cookie: the browser decoded the PNG.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480)
    expect(await card.textContent()).toMatch(/\d+(\.\d)? KB/)
    // The card sits in the person's own message, sent by the upload.
    expect(
      await page
        .locator('[data-testid="message"].bubble-mine [data-testid="attachment-card"]')
        .count(),
    ).toBe(1)
    expect(await page.getByTestId('upload').count()).toBe(0)

    await card.getByRole('button', { name: 'Preview chart.png' }).click()
    const preview = page.getByTestId('attachment-preview')
    await preview.getByRole('heading', { name: 'chart.png' }).waitFor()
    const large = preview.getByRole('img', { name: 'chart.png' })
    await expect.poll(() => large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480)
    await page.keyboard.press('Escape')
    await preview.waitFor({ state: 'detached' })
  })

  it('shows why an upload failed, and lets the person dismiss it', async () => {
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Attach file' }).click()
    await (
      await chooser
    ).setFiles({
      name: 'too-big.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(2 * 1024 * 1024, 7),
    })
    const row = page.getByTestId('upload').filter({ hasText: 'too-big.bin' })
    const alert = row.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/^Not sent: .*(large|limit|MB)/i)
    await row.getByRole('button', { name: 'Dismiss' }).click()
    await row.waitFor({ state: 'detached' })
    expect(
      await page.getByTestId('attachment-card').filter({ hasText: 'too-big.bin' }).count(),
    ).toBe(0)
  })

  it('uploads a markdown file dropped on the chat and previews it as rendered text', async () => {
    await page.evaluate(() => {
      const transfer = new DataTransfer()
      transfer.items.add(
        new File(['# Release notes\n\n- faster **uploads**\n'], 'notes.md', {
          type: 'text/markdown',
        }),
      )
      const pane = document.querySelector('.chat-pane')
      if (!pane) throw new Error('no chat pane')
      pane.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true }))
      pane.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }))
    })
    const card = page.getByTestId('attachment-card').filter({ hasText: 'notes.md' })
    await card.waitFor()
    expect(await card.textContent()).toContain('MD')
    await card.getByRole('button', { name: 'Preview notes.md' }).click()
    const preview = page.getByTestId('attachment-preview')
    await preview.getByRole('heading', { name: 'Release notes' }).waitFor()
    expect(await preview.locator('strong').textContent()).toBe('uploads')
    await preview.getByRole('button', { name: 'Close' }).click()
    await preview.waitFor({ state: 'detached' })
  })

  it('finds both files in Files, filters them and shows the bulk actions', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Files', exact: true })
      .click()
    await tileOf(page, 'chart.png').waitFor()
    await tileOf(page, 'notes.md').waitFor()
    expect(await page.getByTestId('file-tile').count()).toBe(2)
    const thumb = tileOf(page, 'chart.png').locator('img')
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480)
    expect(await tileOf(page, 'chart.png').textContent()).toContain('Design bot')

    await page.getByLabel('Type').selectOption({ label: 'Images' })
    await expect.poll(() => page.getByTestId('file-tile').count()).toBe(1)
    await page.getByLabel('Type').selectOption({ label: 'All types' })
    await page.getByLabel('Search by name').fill('notes')
    await expect.poll(() => page.getByTestId('file-tile').allTextContents()).toHaveLength(1)
    expect(await page.getByTestId('file-tile').textContent()).toContain('notes.md')
    await page.getByLabel('Search by name').fill('')
    await expect.poll(() => page.getByTestId('file-tile').count()).toBe(2)

    expect(await page.getByRole('button', { name: 'Download ZIP' }).count()).toBe(0)
    await page.getByRole('checkbox', { name: 'Select chart.png' }).check()
    expect(await page.getByTestId('selected-count').textContent()).toBe('1 selected')
    const bulk = page.getByRole('group', { name: 'Selected files' })
    await bulk.getByRole('button', { name: 'Download ZIP' }).waitFor()
    await bulk.getByRole('button', { name: 'Delete selected' }).waitFor()
    await page.getByRole('checkbox', { name: 'Select all shown' }).check()
    expect(await page.getByTestId('selected-count').textContent()).toBe('2 selected')

    const download = page.waitForEvent('download')
    await bulk.getByRole('button', { name: 'Download ZIP' }).click()
    const zip = await download
    expect(zip.suggestedFilename()).toBe('files.zip')
    const bytes = readFileSync(await zip.path())
    // A ZIP starts with a local file header, "PK\x03\x04", and names both files.
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04')
    expect(bytes.includes(Buffer.from('chart.png'))).toBe(true)
    expect(bytes.includes(Buffer.from('notes.md'))).toBe(true)
    await page.getByRole('button', { name: 'Clear selection' }).click()
    expect(await page.getByTestId('selected-count').count()).toBe(0)
  })

  it('shares a file with a public link that downloads without the session', async () => {
    await page.getByRole('button', { name: 'Share chart.png' }).click()
    const url = await page.getByTestId('share-url').inputValue()
    expect(url).toMatch(/\/api\/share\/[\w.-]+$/)
    await page.getByRole('dialog').getByRole('button', { name: 'Copy link' }).waitFor()
    const response = await fetch(url.replace(/^https?:\/\/[^/]+/, baseUrl))
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true)
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
  })

  it('fits a phone, and saves screenshots of Files and of a chat with an attachment', async () => {
    const storageState = await context.storageState()
    const screens = [
      { name: 'files', path: '/files/', ready: '[data-testid="file-tile"] img' },
      { name: 'chat-attachment', path: chatPath, ready: '.attachment-image' },
    ]
    for (const theme of ['light', 'dark'] as const) {
      for (const [device, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const shots = await browser.newContext({
          viewport,
          colorScheme: theme,
          storageState,
          isMobile: device === 'phone',
          hasTouch: device === 'phone',
        })
        shots.setDefaultTimeout(10_000)
        const shot = await shots.newPage()
        for (const screen of screens) {
          await shot.goto(`${baseUrl}${screen.path}`)
          await shot.locator(screen.ready).first().waitFor()
          // Wait for the pictures to decode, so the screenshot shows them.
          await expect
            .poll(() => shot.evaluate(() => [...document.images].every((img) => img.complete)))
            .toBe(true)
          expect(await shot.evaluate(() => document.documentElement.dataset.theme)).toBe(theme)
          expect(await scrollsSideways(shot)).toBe(false)
          await shot.screenshot({
            path: new URL(`${screen.name}-${device}-${theme}.png`, SCREENSHOTS).pathname,
          })
        }
        await shots.close()
      }
    }
  })

  it('deletes a file only after the confirmation', async () => {
    await page.getByRole('button', { name: 'Delete notes.md' }).click()
    const confirm = page.getByRole('alertdialog')
    await confirm.getByRole('heading', { name: 'Delete notes.md?' }).waitFor()
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    expect(await tileOf(page, 'notes.md').count()).toBe(1)

    const id = await tileOf(page, 'notes.md').getAttribute('data-file-id')
    await page.getByRole('button', { name: 'Delete notes.md' }).click()
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await tileOf(page, 'notes.md').waitFor({ state: 'detached' })
    expect(await page.getByTestId('file-tile').count()).toBe(1)
    // Gone on the server too, not just from the list.
    expect((await page.request.get(`${baseUrl}/api/files/${id}/download`)).status()).toBe(404)
  })

  it('pages through the gallery with Load more', async () => {
    // 30 more files: with chart.png that is one more than the first page (spec 3.6: 30).
    for (let index = 0; index < 30; index++) {
      const response = await page.request.post(`${baseUrl}/api/files/upload`, {
        multipart: {
          channelId: new URLSearchParams(chatPath.split('?')[1]).get('agent') ?? '',
          file: { name: `log-${index}.txt`, mimeType: 'text/plain', buffer: Buffer.from('ok') },
        },
      })
      expect(response.status()).toBe(201)
    }
    await page.reload()
    await tileOf(page, 'log-29.txt').waitFor()
    expect(await page.getByTestId('file-tile').count()).toBe(30)
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => page.getByTestId('file-tile').count()).toBe(31)
    await tileOf(page, 'chart.png').waitFor()
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0)
  })

  it('previews CSV as a table and PDF in a frame', async () => {
    await page.goto(`${baseUrl}${chatPath}`)
    const chooser = page.waitForEvent('filechooser')
    await page.getByRole('button', { name: 'Attach file' }).click()
    await (
      await chooser
    ).setFiles([
      {
        name: 'regions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('region,share\n"Europe, west",40\nUS,60\n'),
      },
      { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ])
    const preview = page.getByTestId('attachment-preview')

    await page.getByRole('button', { name: 'Preview regions.csv' }).click()
    await preview.getByRole('table').waitFor()
    expect(await preview.locator('th').allTextContents()).toEqual(['region', 'share'])
    expect(await preview.locator('td').allTextContents()).toEqual([
      'Europe, west',
      '40',
      'US',
      '60',
    ])
    await page.keyboard.press('Escape')
    await preview.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Preview report.pdf' }).click()
    const frame = preview.locator('iframe[title="report.pdf"]')
    await frame.waitFor()
    expect(await frame.getAttribute('src')).toMatch(/\/api\/files\/\w+\/download$/)
    await page.keyboard.press('Escape')
  })
})

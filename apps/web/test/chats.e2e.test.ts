/**
 * The dashboard a person lives in (issue 9), in real headless Chromium against the real server:
 * first sign-in with the forced password change, an API key made in Settings and used by the
 * test as the agent, markdown that renders as elements (and a script that does not), a reply
 * typed into the chat reaching the agent's socket, a live stream, a review answered inline
 * that closes in a second tab, the phone layout, and screenshots of every screen.
 */
import { mkdirSync } from 'node:fs'
import {
  Agent,
  Message,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@placet/protocol'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  scrollsSideways,
  openPhonePage,
  startServedDashboard,
  type ServedDashboard,
} from './served-dashboard'

const NEW_PASSWORD = 'a-much-better-password'

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let served: ServedDashboard
let browser: Browser
let context: BrowserContext
let page: Page
let baseUrl: string
let apiKey: string
let agent: Agent
let agentSocket: AgentSocket
const heardByAgent: Message[] = []
const answeredToAgent: Message[] = []

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

function bubbleOf(messageId: string, on: Page = page) {
  return on.locator(`[data-testid="message"][data-message-id="${messageId}"]`)
}

async function openChat(on: Page, name: string) {
  await on
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Chats', exact: true })
    .click()
  await on.getByRole('link', { name, exact: true }).click()
  await expect.poll(() => on.getByTestId('chat-title').textContent()).toBe(name)
}

/** The visible "Live" badge: the shared socket is connected. */
function liveIndicatorOf(on: Page) {
  return on.locator('[data-testid="socket-live"][data-live="true"]').filter({ visible: true })
}

beforeAll(async () => {
  served = await startServedDashboard()
  ;({ browser, baseUrl } = served)
  context = await browser.newContext({ viewport: DESKTOP })
  // A step that fails should say which locator it waited for, well inside the test timeout.
  context.setDefaultTimeout(10_000)
  page = await context.newPage()
  mkdirSync(SCREENSHOTS, { recursive: true })
}, 60_000)

afterAll(async () => {
  agentSocket?.disconnect()
  await served?.stop()
})

describe('the dashboard a person lives in', () => {
  it('signs in with the forced password change and shows the navigation', async () => {
    await page.goto(`${baseUrl}/chats/`)
    await page.waitForURL(/\/login\/?$/)
    await page.getByLabel('Email').fill('admin@placet.local')
    await page.getByLabel('Password').fill('changeme')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/change-password\/?$/)
    await page.getByLabel('Current password').fill('changeme')
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.waitForURL(/\/$/)

    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Chats', exact: true }).waitFor()
    const links = await nav.getByRole('link').allTextContents()
    expect(links.map((text) => text.trim())).toEqual([
      'Chats',
      'Inbox',
      'Files',
      'Status',
      'Logs',
      'Settings',
    ])
    await liveIndicatorOf(page).waitFor()

    await nav.getByRole('link', { name: 'Files', exact: true }).click()
    await page.getByTestId('files-empty').waitFor()
    await nav.getByRole('link', { name: 'Inbox', exact: true }).click()
    await page.getByTestId('inbox-empty').waitFor()
    expect(await nav.getByRole('link', { name: 'Inbox' }).getAttribute('aria-current')).toBe('page')
  })

  it('creates an API key in Settings, shown once, that creates an agent', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click()
    await page.getByLabel('Label').fill('e2e agent')
    await page.getByRole('button', { name: 'Create key' }).click()
    apiKey = (await page.getByTestId('new-api-key-value').textContent()) ?? ''
    expect(apiKey).toMatch(/^hp_[0-9a-f]{48}$/)
    const row = page.getByTestId('api-key-row').filter({ hasText: 'e2e agent' })
    expect(await row.textContent()).toContain(apiKey.slice(0, 11))
    expect(await row.textContent()).not.toContain(apiKey)

    agent = Agent.parse(await agentCall('POST', '/api/v1/agents', { name: 'Deploy bot' }))
    await agentCall('PUT', `/api/v1/agents/${agent.id}/commands`, {
      commands: [
        { command: 'status', description: 'Report the deploy status' },
        { command: 'deploy', description: 'Deploy a version', acceptsArgs: true, argHint: '<v>' },
      ],
    })

    agentSocket = io(`${baseUrl}/ws`, { auth: { apiKey }, transports: ['websocket'] })
    agentSocket.on('message:created', (message) => heardByAgent.push(message))
    agentSocket.on('review:responded', (message) => answeredToAgent.push(message))
    await new Promise<void>((resolve, reject) => {
      agentSocket.once('connect', resolve)
      agentSocket.once('connect_error', reject)
    })
    expect(await agentSocket.emitWithAck('subscribe:channel', agent.id)).toMatchObject({
      ok: true,
    })
  })

  it('renders the agent markdown as elements and never the script', async () => {
    const text = [
      '## Deploy report',
      '',
      'Version **2** is out. See [the notes](https://example.com/notes).',
      '',
      '| service | state |',
      '| ------- | ----- |',
      '| api     | green |',
      '',
      '- [x] build',
      '- [ ] announce',
      '',
      '```ts',
      'const answer: number = 42',
      '```',
      '',
      '<script>window.__placetPwned = true</script>',
      '<img src=x onerror="window.__placetPwned = true">',
    ].join('\n')
    const message = Message.parse(
      await agentCall('POST', '/api/v1/messages', { channelId: agent.id, text, status: 'success' }),
    )
    await openChat(page, 'Deploy bot')

    const markdown = bubbleOf(message.id).getByTestId('markdown')
    await markdown.waitFor()
    expect(await markdown.locator('h2').textContent()).toBe('Deploy report')
    expect(await markdown.locator('strong').textContent()).toBe('2')
    expect(await markdown.locator('table td').allTextContents()).toEqual(['api', 'green'])
    expect(await markdown.locator('input[type="checkbox"]').count()).toBe(2)
    expect(await markdown.locator('pre code').textContent()).toBe('const answer: number = 42\n')
    expect(await markdown.locator('pre code [class^="hljs-"]').count()).toBeGreaterThan(0)
    const link = markdown.getByRole('link', { name: 'the notes' })
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await link.getAttribute('rel')).toContain('noopener')
    expect(await markdown.locator('script, img').count()).toBe(0)
    expect(await page.locator('.markdown script').count()).toBe(0)
    expect(await page.evaluate(() => 'placetPwned' in window)).toBe(false)
    expect(await page.evaluate(() => '__placetPwned' in window)).toBe(false)
  })

  it('sends what the person types with Enter to the agent socket, and slash commands', async () => {
    const input = page.getByRole('combobox', { name: 'Message' })
    await input.fill('Looks good, ship it')
    await input.press('Enter')
    await expect
      .poll(() => heardByAgent.find((message) => message.senderType === 'user')?.text)
      .toBe('Looks good, ship it')
    const sent = heardByAgent.find((message) => message.senderType === 'user')
    await bubbleOf(sent?.id ?? '')
      .getByTestId('delivery')
      .waitFor()
    expect(await input.inputValue()).toBe('')
    expect(await page.getByTestId('pending-message').count()).toBe(0)

    // Shift+Enter is a new line, not a send.
    await input.fill('first line')
    await input.press('Shift+Enter')
    await input.pressSequentially('second line')
    expect(await input.inputValue()).toBe('first line\nsecond line')
    await input.fill('')

    await input.pressSequentially('/')
    const palette = page.getByRole('listbox', { name: 'Commands' })
    expect(await palette.getByRole('option').allTextContents()).toHaveLength(2)
    await input.pressSequentially('d')
    expect(await palette.getByRole('option').count()).toBe(1)
    await input.press('Tab')
    expect(await input.inputValue()).toBe('/deploy ')
    await input.pressSequentially('v2')
    await input.press('Enter')
    await expect
      .poll(() => heardByAgent.some((message) => message.text === '/deploy v2'))
      .toBe(true)

    await input.pressSequentially('/')
    await input.press('Escape')
    expect(await palette.count()).toBe(0)
    await input.fill('')
    await input.pressSequentially('/')
    await input.press('ArrowDown')
    await input.press('ArrowUp')
    await input.press('Enter')
    await expect.poll(() => heardByAgent.some((message) => message.text === '/status')).toBe(true)
  })

  it('renders a stream live with progress and steps, then completes it', async () => {
    const draft = Message.parse(
      await agentCall('POST', '/api/v1/messages', {
        channelId: agent.id,
        text: '',
        streamId: 'turn-1',
        streamState: 'streaming',
      }),
    )
    const bubble = bubbleOf(draft.id)
    await bubble.getByTestId('streaming').waitFor()

    agentSocket.emit('message:progress', { channelId: agent.id, content: 'Reading the logs' })
    await expect
      .poll(() => page.getByTestId('progress').textContent())
      .toContain('Processing… Reading the logs')
    await agentCall('POST', '/api/v1/messages/streams/turn-1/status', {
      channelId: agent.id,
      text: 'Checked 3 services',
    })
    await expect
      .poll(() => bubble.getByTestId('status-steps').textContent())
      .toContain('Checked 3 services')

    for (const delta of ['The deploy ', 'is **healthy**', ' on all nodes.'])
      agentSocket.emit('message:delta', {
        channelId: agent.id,
        streamId: 'turn-1',
        streamBaseId: 'turn-1',
        delta,
      })
    await expect
      .poll(() => bubble.getByTestId('markdown').textContent())
      .toBe('The deploy is healthy on all nodes.')
    expect(await bubble.locator('strong').textContent()).toBe('healthy')
    expect(await bubble.getAttribute('data-stream-state')).toBe('streaming')

    await agentCall('PATCH', '/api/v1/messages/streams/turn-1', {
      channelId: agent.id,
      text: 'The deploy is **healthy** on all nodes. Done.',
      complete: true,
    })
    await expect.poll(() => bubble.getAttribute('data-stream-state')).toBe('complete')
    expect(await bubble.getByTestId('markdown').textContent()).toBe(
      'The deploy is healthy on all nodes. Done.',
    )
    expect(await bubble.getByTestId('streaming').count()).toBe(0)
    expect(await page.getByTestId('progress').count()).toBe(0)
    expect(await bubble.getByTestId('status-steps').textContent()).toContain('Checked 3 services')
  })

  it('answers a review inline, and a second open tab sees it close without reload', async () => {
    const review = Message.parse(
      await agentCall('POST', '/api/v1/messages', {
        channelId: agent.id,
        text: 'Roll out **v2** to production?',
        review: { type: 'approval' },
      }),
    )
    const card = bubbleOf(review.id).getByTestId('review-card')
    await card.waitFor()
    expect(await card.locator('strong').textContent()).toBe('v2')
    await expect
      .poll(() => page.getByTestId('pending-reviews').textContent())
      .toContain('1 open review')

    const second = await context.newPage()
    await second.goto(`${baseUrl}/chats/?agent=${agent.id}`)
    const secondCard = bubbleOf(review.id, second).getByTestId('review-card')
    await secondCard.waitFor()
    expect(await secondCard.getByTestId('review-status').textContent()).toBe('Pending')
    await liveIndicatorOf(second).waitFor()

    await card.getByRole('button', { name: 'Approve' }).click()
    await expect
      .poll(() => answeredToAgent.find(({ id }) => id === review.id)?.review?.response)
      .toEqual({ selectedOption: 'approve' })
    await expect.poll(() => secondCard.getByTestId('review-status').textContent()).toBe('Completed')
    expect(await secondCard.getByRole('button', { name: 'Approve' }).count()).toBe(0)
    await expect.poll(() => second.getByTestId('pending-reviews').count()).toBe(0)
    await second.close()
  })

  it('creates an agent from the sidebar dialog and renames it in chat settings', async () => {
    await openChat(page, 'Deploy bot')
    await page.getByRole('button', { name: 'New agent' }).click()
    const dialog = page.getByRole('dialog', { name: 'New agent' })
    await dialog.getByLabel('Name').fill('Research helper')
    await dialog.getByLabel('Tag').fill('research')
    await dialog.getByRole('button', { name: 'Create agent' }).click()
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe('Research helper')
    expect(await page.getByRole('group').filter({ hasText: 'research' }).count()).toBe(1)

    await page.getByRole('button', { name: 'Chat settings' }).click()
    await page.getByRole('dialog', { name: 'Settings of Research helper' }).waitFor()
    // The title follows the rename, so the dialog is found by its role alone from here on.
    const settings = page.getByRole('dialog')
    await settings.getByLabel('Name', { exact: true }).fill('Researcher')
    await settings.getByRole('button', { name: 'Rename' }).click()
    await expect.poll(() => settings.getByRole('status').first().textContent()).toBe('Name saved.')
    expect(await settings.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Settings of Researcher',
    )
    await settings.getByRole('button', { name: 'Rotate signing secret' }).click()
    expect(await settings.getByTestId('webhook-secret').textContent()).toMatch(/whsec_/)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('chat-title').textContent()).toBe('Researcher')
    await page.getByRole('link', { name: 'Researcher', exact: true }).waitFor()
  })

  it('remembers the theme per user and applies it before the first paint', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click()
    await page.getByLabel('Dark').check()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark')
    const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ')
    await expect
      .poll(async () => {
        const response = await fetch(`${baseUrl}/api/preferences`, { headers: { cookie } })
        return ((await response.json()) as { theme: string }).theme
      })
      .toBe('dark')

    // The boot script runs before the app's own code: at DOMContentLoaded the theme is set.
    await page.reload({ waitUntil: 'domcontentloaded' })
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.getByLabel('Light').check()
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('light')
  })

  it('fits a phone: a Menu opens the same links, and nothing scrolls sideways', async () => {
    const small = await openPhonePage(browser, context, `${baseUrl}/chats/`)
    await small.getByRole('link', { name: 'Deploy bot', exact: true }).waitFor()
    expect(await scrollsSideways(small)).toBe(false)

    await small.getByRole('button', { name: 'Menu' }).click()
    const nav = small.getByRole('navigation', { name: 'Main' })
    expect((await nav.getByRole('link').allTextContents()).map((text) => text.trim())).toEqual([
      'Chats',
      'Inbox',
      'Files',
      'Status',
      'Logs',
      'Settings',
    ])
    await nav.getByRole('link', { name: 'Settings', exact: true }).click()
    await small.getByRole('heading', { name: 'API keys' }).waitFor()
    expect(await scrollsSideways(small)).toBe(false)

    await small.goto(`${baseUrl}/chats/?agent=${agent.id}`)
    await small.getByTestId('markdown').first().waitFor()
    expect(await scrollsSideways(small)).toBe(false)
    // On a touch screen Enter breaks the line; the Send button sends.
    const input = small.getByRole('combobox', { name: 'Message' })
    await input.fill('from the phone')
    await input.press('Enter')
    expect(await input.inputValue()).toBe('from the phone\n')
    await small.getByRole('button', { name: 'Send' }).click()
    await expect
      .poll(() => heardByAgent.some((message) => message.text === 'from the phone\n'))
      .toBe(true)
    await small.context().close()
  })

  it('saves screenshots of every screen, desktop and phone, light and dark', async () => {
    // Fresh content at the bottom of the chat and a pending review for the inbox.
    await agentCall('POST', '/api/v1/messages', {
      channelId: agent.id,
      text: [
        '### Release 2.1',
        '',
        '| check | result |',
        '| ----- | ------ |',
        '| tests | **passed** |',
        '',
        '```sh',
        'pnpm deploy --env production',
        '```',
      ].join('\n'),
      status: 'info',
    })
    await agentCall('POST', '/api/v1/messages', {
      channelId: agent.id,
      text: 'Which regions get **2.1** first?',
      review: {
        type: 'selection',
        payload: {
          mode: 'multi',
          items: [
            { id: 'eu', label: 'Europe' },
            { id: 'us', label: 'United States' },
          ],
        },
      },
    })
    const screens = [
      { name: 'chats', path: `/chats/?agent=${agent.id}`, ready: '[data-testid="markdown"]' },
      { name: 'chat-list', path: '/chats/', ready: '[data-testid="agent-row"]' },
      { name: 'inbox', path: '/inbox/', ready: '[data-testid="inbox-row"]' },
      { name: 'settings', path: '/settings/', ready: '[data-testid="user-row"]' },
    ]
    const storageState = await context.storageState()
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
        const shot = await shots.newPage()
        await shot.goto(`${baseUrl}/settings/`)
        await shot.getByLabel('Same as the device').check()
        for (const screen of screens) {
          if (device === 'desktop' && screen.name === 'chat-list') continue
          await shot.goto(`${baseUrl}${screen.path}`)
          await shot.locator(screen.ready).first().waitFor()
          await liveIndicatorOf(shot).waitFor()
          expect(await shot.evaluate(() => document.documentElement.dataset.theme)).toBe(theme)
          await shot.screenshot({
            path: new URL(`${screen.name}-${device}-${theme}.png`, SCREENSHOTS).pathname,
          })
        }
        await shots.close()

        const signedOut = await browser.newContext({ viewport, colorScheme: theme })
        const login = await signedOut.newPage()
        await login.goto(`${baseUrl}/login/`)
        await login.getByLabel('Email').waitFor()
        await login.screenshot({
          path: new URL(`login-${device}-${theme}.png`, SCREENSHOTS).pathname,
        })
        await signedOut.close()
      }
    }
  })
})

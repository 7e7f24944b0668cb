/**
 * The review inbox in real headless Chromium against the real server (built bundle + this
 * app's static export on one port): an agent posts reviews over REST, they appear in the open
 * page without a reload, a person answers them there, and the agent's socket hears the answer.
 */
import {
  Agent,
  ApiKeyWithSecret,
  Message,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@placet/protocol'
import type { Browser, Page } from 'playwright-core'
import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServedDashboard, type ServedDashboard } from './served-dashboard'

const OWNER_EMAIL = 'owner@inbox.test'
// Not the default `changeme`, so the server does not force a password change first.
const OWNER_PASSWORD = 'inbox-e2e-password'

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let served: ServedDashboard
let browser: Browser
let page: Page
let baseUrl: string
let agentSocket: AgentSocket
let apiKey: string
let agent: Agent
const responded: Message[] = []

async function postJson(path: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`)
  return json
}

/** The agent's side: a review message over REST (spec 2.1). */
async function postReview(text: string, review: unknown): Promise<Message> {
  const json = await postJson(
    '/api/v1/messages',
    { 'x-api-key': apiKey },
    { channelId: agent.id, text, review },
  )
  return Message.parse(json)
}

function cardOf(message: Message) {
  return page.locator(`[data-testid="review-card"][data-message-id="${message.id}"]`)
}

/** The answer the agent's socket received for a message, once it has arrived. */
async function answerTo(message: Message) {
  await expect
    .poll(() => responded.some(({ id }) => id === message.id), { timeout: 10_000 })
    .toBe(true)
  return responded.find(({ id }) => id === message.id)?.review
}

beforeAll(async () => {
  served = await startServedDashboard({
    INITIAL_USER_EMAIL: OWNER_EMAIL,
    INITIAL_USER_PASSWORD: OWNER_PASSWORD,
  })
  ;({ browser, baseUrl } = served)

  // Sign in through the page; the inbox opens empty and its socket goes live.
  page = await browser.newPage()
  await page.goto(`${baseUrl}/`)
  await page.waitForURL(/\/login\/?$/)
  await page.getByTestId('login-email').fill(OWNER_EMAIL)
  await page.getByTestId('login-password').fill(OWNER_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/\/$/)
  await page.getByTestId('inbox-empty').waitFor()
  await page.locator('[data-testid="inbox-live"][data-live="true"]').waitFor()

  // An API key with the browser's session cookie, then an agent with that key.
  const cookie = (await page.context().cookies())
    .map(({ name, value }) => `${name}=${value}`)
    .join('; ')
  apiKey = ApiKeyWithSecret.parse(await postJson('/api/api-keys', { cookie }, { label: 'e2e' })).key
  agent = Agent.parse(
    await postJson('/api/v1/agents', { 'x-api-key': apiKey }, { name: 'Deploy bot' }),
  )

  agentSocket = io(`${baseUrl}/ws`, { auth: { apiKey }, transports: ['websocket'] })
  agentSocket.on('review:responded', (message) => responded.push(message))
  await new Promise<void>((resolve, reject) => {
    agentSocket.once('connect', resolve)
    agentSocket.once('connect_error', reject)
  })
  const ack = await agentSocket.emitWithAck('subscribe:channel', agent.id)
  expect(ack).toMatchObject({ ok: true })
}, 60_000)

afterAll(async () => {
  agentSocket?.disconnect()
  await served?.stop()
})

describe('review inbox', () => {
  it('shows an approval live and sends the chosen option to the agent', async () => {
    const message = await postReview('Deploy v2 to production?\nAll checks are green.', {
      type: 'approval',
    })

    const card = cardOf(message)
    await card.waitFor()
    expect(await card.getByTestId('review-agent').textContent()).toBe('Deploy bot')
    expect(await card.getByTestId('review-status').textContent()).toBe('Pending')
    expect(await card.textContent()).toContain('All checks are green.')
    await card.getByTestId('review-feedback').fill('Go ahead')
    await card.getByRole('button', { name: 'Approve' }).click()

    const review = await answerTo(message)
    expect(review?.status).toBe('completed')
    expect(review?.response).toEqual({ selectedOption: 'approve' })
    expect(review?.feedback).toBe('Go ahead')
    await expect.poll(() => card.getByTestId('review-status').textContent()).toBe('Completed')
    expect(await card.getByTestId('review-responder').textContent()).toContain('Answered by')
    expect(await card.getByTestId('answer-option').textContent()).toBe('Approve')
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0)
  })

  it('submits a form and hides the password once answered', async () => {
    const message = await postReview('Release settings', {
      type: 'form',
      payload: {
        submitLabel: 'Ship it',
        dismissLabel: 'Not now',
        fields: [
          { name: 'reason', type: 'text', label: 'Reason', required: true },
          { name: 'token', type: 'password', label: 'Deploy token' },
          { name: 'replicas', type: 'number', label: 'Replicas', defaultValue: 3, min: 1 },
          { name: 'notify', type: 'checkbox', label: 'Notify the team', defaultValue: true },
          { name: 'region', type: 'select', label: 'Region', options: ['eu', 'us'] },
        ],
      },
    })

    const card = cardOf(message)
    await card.waitFor()
    await card.getByLabel('Reason').fill('Quarterly release')
    await card.getByLabel('Deploy token').fill('s3cret-token-value')
    await card.getByLabel('Region').selectOption('eu')
    await card.getByRole('button', { name: 'Ship it' }).click()

    const review = await answerTo(message)
    expect(review?.response).toEqual({
      reason: 'Quarterly release',
      token: 's3cret-token-value',
      replicas: 3,
      notify: true,
      region: 'eu',
    })
    await expect.poll(() => card.getByTestId('review-status').textContent()).toBe('Completed')
    expect(await card.getByTestId('answer-reason').textContent()).toBe('Quarterly release')
    expect(await card.getByTestId('answer-token').textContent()).not.toContain('s3cret')
    expect(await page.content()).not.toContain('s3cret-token-value')
  })

  it('answers a multi selection with two checkboxes', async () => {
    const message = await postReview('Which environments?', {
      type: 'selection',
      payload: {
        mode: 'multi',
        items: [
          { id: 'dev', label: 'Development' },
          { id: 'staging', label: 'Staging' },
          { id: 'prod', label: 'Production', description: 'Customer facing' },
        ],
      },
    })

    const card = cardOf(message)
    await card.waitFor()
    await card.getByLabel('Staging').check()
    await card.getByLabel('Production').check()
    await card.getByRole('button', { name: 'Submit' }).click()

    const review = await answerTo(message)
    expect(review?.response).toEqual({ selectedIds: ['staging', 'prod'] })
    await expect.poll(() => card.getByTestId('review-status').textContent()).toBe('Completed')
    expect(await card.getByTestId('answer-selection').textContent()).toContain('Staging')
  })

  it('answers a text input and a freeform review', async () => {
    const textReview = await postReview('Write the release note', {
      type: 'text-input',
      payload: { placeholder: 'One line', prefill: 'Fixes', maxLength: 100 },
    })
    const textCard = cardOf(textReview)
    await textCard.waitFor()
    await textCard.getByLabel('Your answer').fill('Fixes the login loop')
    await textCard.getByRole('button', { name: 'Submit' }).click()
    expect((await answerTo(textReview))?.response).toEqual({ text: 'Fixes the login loop' })

    const freeform = await postReview('Tune the limits', { type: 'freeform' })
    const freeformCard = cardOf(freeform)
    await freeformCard.waitFor()
    await freeformCard.getByLabel('Answer (JSON object)').fill('[1, 2]')
    await freeformCard.getByRole('button', { name: 'Submit' }).click()
    await expect
      .poll(() => freeformCard.getByRole('alert').textContent())
      .toContain('must be a JSON object')
    await freeformCard.getByLabel('Answer (JSON object)').fill('{"limit": 5}')
    await freeformCard.getByRole('button', { name: 'Submit' }).click()
    expect((await answerTo(freeform))?.response).toEqual({ limit: 5 })
  })

  it('marks a withdrawn review live', async () => {
    const message = await postReview('Maybe later', { type: 'approval' })
    const card = cardOf(message)
    await card.waitFor()
    await postJson(`/api/v1/reviews/${message.id}/cancel`, { 'x-api-key': apiKey }, {})
    await expect.poll(() => card.getByTestId('review-status').textContent()).toBe('Withdrawn')
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0)
  })

  it('removes a pending card when its message is deleted', async () => {
    const message = await postReview('Soon gone', { type: 'approval' })
    const card = cardOf(message)
    await card.waitFor()
    const response = await fetch(`${baseUrl}/api/v1/messages/${message.id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': apiKey },
    })
    expect(response.ok).toBe(true)
    await card.waitFor({ state: 'detached' })
  })

  it('loads older reviews past the first page on demand', async () => {
    const oldest = await postReview('The oldest of many', { type: 'approval' })
    for (let index = 0; index < 100; index++)
      await postReview(`Batch ${index}`, { type: 'approval' })
    await page.reload()
    await page.getByTestId('review-card').first().waitFor()
    expect(await page.getByTestId('review-card').count()).toBe(100)
    expect(await cardOf(oldest).count()).toBe(0)
    await page.getByTestId('load-more').click()
    await cardOf(oldest).waitFor()
    await expect.poll(() => page.getByTestId('load-more').count()).toBe(0)
  })
})

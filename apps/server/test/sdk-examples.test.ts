import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PlacetClient } from '@placet/sdk'
import { spawnTracked, type TrackedChild } from '@placet/testing/child-processes'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TestClient } from './harness.ts'
import { eventually, ownerClient, startTestServer, type TestServer } from './harness.ts'

const EXAMPLES = fileURLToPath(new URL('../../../packages/sdk/examples/', import.meta.url))

let server: TestServer
let person: TestClient
let channelId: string
const running: TrackedChild[] = []

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: 'true' })
  person = await ownerClient(server)
  channelId = (await person.post('/api/v1/agents', { name: 'examples' })).body.id
})
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => child.stop()))
})
afterAll(() => server.destroy())

/** Runs an example as a user would (tsx, the built package), collecting what it prints. */
function runExample(file: string, env: Record<string, string> = {}, args: string[] = []) {
  const child = spawnTracked(process.execPath, ['--import', 'tsx', `${EXAMPLES}${file}`, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      PLACET_API_URL: server.url,
      PLACET_API_KEY: person.apiKey!,
      PLACET_CHANNEL: channelId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.push(child)
  let stdout = ''
  let stderr = ''
  child.process.stdout!.on('data', (chunk) => (stdout += chunk))
  child.process.stderr!.on('data', (chunk) => (stderr += chunk))
  // 'exit' may come before the last output: wait for the pipes to close too.
  const exited = Promise.all([
    child.exited,
    once(child.process.stdout!, 'close'),
    once(child.process.stderr!, 'close'),
  ]).then(([code]) => ({ code, stdout, stderr }))
  return { exited, output: () => stdout }
}

async function answerNext(response: Record<string, unknown>) {
  const [pending] = await eventually(
    async () =>
      (await person.get(`/api/messages/reviews?status=pending&channel=${channelId}`)).body as any[],
    (reviews) => reviews.length === 1,
    'the example’s review',
  )
  await person.post(`/api/messages/${pending.id}/respond`, { response })
  return pending.id as string
}

describe('packages/sdk/examples run against a real server', () => {
  it('deploy-approval.ts: deploys only when approved', async () => {
    const run = runExample('deploy-approval.ts', {}, ['v2.4.1'])
    await answerNext({ selectedOption: 'deploy' })
    const result = await run.exited
    expect(result.stderr).toBe('')
    expect(result).toMatchObject({ code: 0 })
    expect(result.stdout).toContain('deploying v2.4.1')

    const refused = runExample('deploy-approval.ts')
    await answerNext({ selectedOption: 'cancel' })
    expect((await refused.exited).code).toBe(1)
  })

  it('release-form.ts: a typed form answer', async () => {
    const run = runExample('release-form.ts')
    await answerNext({ owner: 'ops@example.com', replicas: '3', notify: true })
    const result = await run.exited
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      owner: 'ops@example.com',
      replicas: 3,
      notify: true,
    })
  })

  it('streaming-reply.ts: a complete streamed reply', async () => {
    const result = await runExample('streaming-reply.ts').exited
    expect(result.code).toBe(0)
    const printed = JSON.parse(result.stdout)
    expect(printed).toMatchObject({
      text: 'The release adds streaming and fixes two bugs.',
      state: 'complete',
    })
    const stored = (await person.get(`/api/messages/${printed.id}`)).body
    expect(stored).toMatchObject({ streamState: 'complete', text: printed.text })
  })

  it('webhook-receiver.ts: verifies and prints a real delivery', async () => {
    const agent = new PlacetClient({ baseUrl: server.url, apiKey: person.apiKey! })
    const hooked = await agent.setWebhook({ channelId, url: 'http://127.0.0.1:9/placet' })
    const secret = 'webhookSecret' in hooked ? hooked.webhookSecret : ''
    expect(secret).toMatch(/^whsec_/)
    const run = runExample('webhook-receiver.ts', { PLACET_WEBHOOK_SECRET: secret, PORT: '0' })
    const port = await eventually(
      () => /listening on (\d+)/.exec(run.output())?.[1],
      Boolean,
      'the receiver',
    )
    await agent.setWebhook({ channelId, url: `http://127.0.0.1:${port}/placet` })
    await agent.sendMessage({ channelId, text: 'Hooked?', review: { type: 'approval' } })
    await answerNext({ selectedOption: 'approve' })
    const line = await eventually(
      () =>
        run
          .output()
          .split('\n')
          .find((printed) => printed.includes('review:responded')),
      Boolean,
      'the verified delivery',
    )
    expect(JSON.parse(line!)).toEqual({
      event: 'review:responded',
      response: { selectedOption: 'approve' },
    })
    await agent.deleteWebhook(channelId)
  })
})

describe('@placet/sdk as published', () => {
  const load = (code: string, type: 'commonjs' | 'module') =>
    execFileSync(process.execPath, ['--input-type', type, '-e', code], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    }).trim()

  it('loads as CommonJS and as an ES module, each with its own types', () => {
    const probe =
      'typeof sdk.Placet + " " + typeof sdk.PlacetClient + " " + typeof hooks.verifyWebhook'
    expect(
      load(
        `const sdk = require('@placet/sdk'); const hooks = require('@placet/sdk/webhooks'); console.log(${probe}, require.resolve('@placet/sdk'))`,
        'commonjs',
      ),
    ).toMatch(/^function function function .*packages\/sdk\/dist\/cjs\/index\.js$/)
    expect(
      load(
        `const sdk = await import('@placet/sdk'); const hooks = await import('@placet/sdk/webhooks'); console.log(${probe}, import.meta.resolve('@placet/sdk'))`,
        'module',
      ),
    ).toMatch(/^function function function .*packages\/sdk\/dist\/index\.js$/)
    const dist = fileURLToPath(new URL('../../../packages/sdk/dist/', import.meta.url))
    for (const file of ['index.d.ts', 'webhooks.d.ts', 'cjs/index.d.ts', 'cjs/package.json'])
      expect(existsSync(`${dist}${file}`), file).toBe(true)
  })
})

/**
 * Agents' avatars (spec 1.3, 3.4) over real HTTP, on local disk and on a real S3-compatible
 * server: upload, serve, replace, remove, and the refusals (not an image, too large, another
 * user's agent). Every case checks the storage too, so no object is left behind or lost.
 */
import { randomBytes } from 'node:crypto'
import { solidPng } from '@placet/testing/solid-png'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diskBackend, s3Backend, type StorageBackend } from './file-storage-backends.ts'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import { createAgent } from './messaging-fixtures.ts'

const RED = solidPng(4, 4, [220, 40, 40])
const BLUE = solidPng(4, 4, [40, 40, 220])

async function uploadAvatar(
  client: TestClient,
  agentId: string,
  file: { content: Buffer | string; type: string; filename?: string },
) {
  const form = new FormData()
  form.append('file', new Blob([file.content], { type: file.type }), file.filename ?? 'avatar.png')
  const response = await fetch(`${client.baseUrl}/api/agents/${agentId}/avatar`, {
    method: 'POST',
    body: form,
    headers: client.cookie ? { cookie: client.cookie } : {},
  })
  return { status: response.status, body: (await response.json()) as any }
}

async function downloadAvatar(client: TestClient, agentId: string) {
  const response = await fetch(`${client.baseUrl}/api/agents/${agentId}/avatar`, {
    headers: client.cookie ? { cookie: client.cookie } : {},
  })
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  }
}

describe.each([
  ['disk', diskBackend],
  ['s3', s3Backend],
] as const)('agent avatars on %s', (_name, makeBackend) => {
  let backend: StorageBackend
  let server: TestServer
  let owner: TestClient
  let member: TestClient
  const prefix = `avatars-${randomBytes(3).toString('hex')}/`
  const avatarObjects = async () =>
    (await backend.listObjects(server, prefix)).filter((key) => key.startsWith('avatars/'))

  beforeAll(async () => {
    backend = await makeBackend()
    server = await startTestServer({ ...backend.env(prefix), MAX_AVATAR_MB: '0.01' })
    owner = await ownerClient(server)
    member = await memberClient(server)
  })
  afterAll(async () => {
    await server?.destroy()
    await backend?.stop()
  })

  it('stores an uploaded PNG under avatars/<agentId>/<ts> and serves it privately cached', async () => {
    const agent = await createAgent(owner, 'Painter')
    const uploaded = await uploadAvatar(owner, agent.id, { content: RED, type: 'image/png' })
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200)
    expect(uploaded.body.id).toBe(agent.id)
    expect(uploaded.body.avatarUrl).toMatch(new RegExp(`^avatars/${agent.id}/\\d+$`))
    expect(await avatarObjects()).toEqual([uploaded.body.avatarUrl])

    const listed = await owner.get('/api/agents')
    expect(listed.body.find((row: { id: string }) => row.id === agent.id).avatarUrl).toBe(
      uploaded.body.avatarUrl,
    )
    const served = await downloadAvatar(owner, agent.id)
    expect(served.status).toBe(200)
    expect(served.bytes.equals(RED)).toBe(true)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('cache-control')).toBe('private, max-age=3600')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toContain('sandbox')
  })

  it('replaces the previous image on a new upload, and removes it on delete', async () => {
    const agent = await createAgent(owner, 'Repainter')
    const before = await avatarObjects()
    const first = await uploadAvatar(owner, agent.id, { content: RED, type: 'image/png' })
    const second = await uploadAvatar(owner, agent.id, { content: BLUE, type: 'image/png' })
    expect(second.status).toBe(200)
    expect(second.body.avatarUrl).not.toBe(first.body.avatarUrl)
    expect((await downloadAvatar(owner, agent.id)).bytes.equals(BLUE)).toBe(true)
    expect((await avatarObjects()).sort()).toEqual([...before, second.body.avatarUrl].sort())

    const removed = await owner.delete(`/api/agents/${agent.id}/avatar`)
    expect(removed).toMatchObject({ status: 200, body: { id: agent.id, avatarUrl: null } })
    expect((await avatarObjects()).sort()).toEqual(before.sort())
    expect(await downloadAvatar(owner, agent.id)).toMatchObject({ status: 404 })
    // Removing what is not there is not an error.
    expect(await owner.delete(`/api/agents/${agent.id}/avatar`)).toMatchObject({ status: 200 })
  })

  it('refuses what is not a raster image with 415 and stores nothing', async () => {
    const agent = await createAgent(owner, 'Picky')
    const before = await avatarObjects()
    for (const file of [
      { content: 'just text', type: 'text/plain', filename: 'a.txt' },
      {
        content: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        type: 'image/svg+xml',
        filename: 'a.svg',
      },
      // Claims to be a PNG; its bytes say otherwise.
      { content: '<html><script>alert(1)</script></html>', type: 'image/png', filename: 'a.png' },
    ]) {
      const reply = await uploadAvatar(owner, agent.id, file)
      expect(reply.status, file.filename).toBe(415)
      expect(reply.body).toMatchObject({
        statusCode: 415,
        message: expect.stringContaining('image'),
      })
    }
    expect(await avatarObjects()).toEqual(before)
    expect(
      (await owner.get(`/api/agents`)).body.find((row: { id: string }) => row.id === agent.id),
    ).toMatchObject({ avatarUrl: null })
  })

  it('refuses an image past MAX_AVATAR_MB with 413 and stores nothing', async () => {
    const agent = await createAgent(owner, 'Huge')
    const before = await avatarObjects()
    const large = Buffer.concat([RED, randomBytes(20_000)])
    const reply = await uploadAvatar(owner, agent.id, { content: large, type: 'image/png' })
    expect(reply).toMatchObject({ status: 413, body: { statusCode: 413 } })
    expect(await avatarObjects()).toEqual(before)
  })

  it('refuses a request without a file with 400', async () => {
    const agent = await createAgent(owner, 'Empty')
    const reply = await owner.request('POST', `/api/agents/${agent.id}/avatar`, { file: 'x' })
    expect(reply).toMatchObject({ status: 400, body: { statusCode: 400 } })
  })

  it('answers 404 to another user for every avatar route, and changes nothing', async () => {
    const agent = await createAgent(owner, 'Mine')
    const mine = await uploadAvatar(owner, agent.id, { content: RED, type: 'image/png' })
    const objects = await avatarObjects()
    expect(
      await uploadAvatar(member, agent.id, { content: BLUE, type: 'image/png' }),
    ).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Agent not found' } })
    expect(await downloadAvatar(member, agent.id)).toMatchObject({ status: 404 })
    expect(await member.delete(`/api/agents/${agent.id}/avatar`)).toMatchObject({ status: 404 })
    expect(await avatarObjects()).toEqual(objects)
    expect((await downloadAvatar(owner, agent.id)).bytes.equals(RED)).toBe(true)
    expect(mine.status).toBe(200)
  })

  it('never serves or removes a key named through PATCH that is not this agent’s upload', async () => {
    const painter = await createAgent(owner, 'Source')
    const source = await uploadAvatar(owner, painter.id, { content: RED, type: 'image/png' })
    const thief = await createAgent(owner, 'Copycat')
    const patched = await owner.patch(`/api/agents/${thief.id}`, {
      avatarUrl: source.body.avatarUrl,
    })
    expect(patched.status).toBe(200)
    expect(await downloadAvatar(owner, thief.id)).toMatchObject({ status: 404 })
    await owner.delete(`/api/agents/${thief.id}/avatar`)
    expect(await avatarObjects()).toContain(source.body.avatarUrl)
    expect((await downloadAvatar(owner, painter.id)).bytes.equals(RED)).toBe(true)
  })

  it('removes the image with its agent, and with its owner', async () => {
    const agent = await createAgent(owner, 'Doomed')
    const uploaded = await uploadAvatar(owner, agent.id, { content: RED, type: 'image/png' })
    expect(await avatarObjects()).toContain(uploaded.body.avatarUrl)
    expect(await owner.delete(`/api/agents/${agent.id}`)).toMatchObject({ status: 200 })
    expect(await avatarObjects()).not.toContain(uploaded.body.avatarUrl)

    const leaving = await memberClient(server)
    const theirs = (await createAgent(leaving, 'Theirs')).id
    const their = await uploadAvatar(leaving, theirs, { content: BLUE, type: 'image/png' })
    expect(await avatarObjects()).toContain(their.body.avatarUrl)
    const me = await leaving.get('/api/auth/me')
    const ownerSession = await ownerClient(server)
    const userId = me.body.id ?? me.body.user?.id
    expect(await ownerSession.delete(`/api/users/${userId}`)).toMatchObject({ status: 200 })
    expect(await avatarObjects()).not.toContain(their.body.avatarUrl)
  })
})

import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  memberClient,
  startTestServer,
  type TestServer,
} from './harness.ts'

let server: TestServer
let owner: TestClient

beforeAll(async () => {
  server = await startTestServer()
  owner = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
})
afterAll(() => server.destroy())

const agentCall = (key: string, header: 'x-api-key' | 'bearer' = 'x-api-key') =>
  fetch(`${server.url}/api/v1/agents`, {
    headers: header === 'x-api-key' ? { 'x-api-key': key } : { authorization: `Bearer ${key}` },
  })

describe('API keys (spec 1.4, 3.3)', () => {
  it('shows a new key once and stores only its sha256', async () => {
    const created = await owner.post('/api/api-keys', { label: 'deploy bot' })
    expect(created.status).toBe(201)
    expect(created.body.key).toMatch(/^hp_[0-9a-f]{48}$/)
    expect(created.body).toMatchObject({
      label: 'deploy bot',
      keyPrefix: created.body.key.slice(0, 11),
      lastUsedAt: null,
    })

    const listed = await owner.get('/api/api-keys')
    const row = listed.body.find((key: { id: string }) => key.id === created.body.id)
    expect(row).not.toHaveProperty('key')
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key)

    const stored = await server.services.db.read((tx) =>
      tx.apiKey.findUniqueOrThrow({ where: { id: created.body.id } }),
    )
    expect(stored.keyHash).toBe(createHash('sha256').update(created.body.key).digest('hex'))
  })

  it('defaults the label to "Default"', async () => {
    expect((await owner.post('/api/api-keys', {})).body.label).toBe('Default')
  })

  it('authenticates agents with x-api-key and with Bearer, and records lastUsedAt', async () => {
    const { body } = await owner.post('/api/api-keys', { label: 'both headers' })
    expect((await agentCall(body.key)).status).toBe(200)
    expect((await agentCall(body.key, 'bearer')).status).toBe(200)
    const listed = await owner.get('/api/api-keys')
    expect(listed.body.find((key: { id: string }) => key.id === body.id).lastUsedAt).not.toBeNull()
  })

  it('refuses missing, malformed and unknown keys with 401', async () => {
    const missing = await fetch(`${server.url}/api/v1/agents`)
    expect(missing.status).toBe(401)
    expect(await missing.json()).toMatchObject({
      statusCode: 401,
      message: 'Missing or invalid API key',
    })
    expect((await agentCall('hp_nothex')).status).toBe(401)
    expect((await agentCall(`hp_${'0'.repeat(48)}`)).status).toBe(401)
  })

  it('refuses a rotated key at once and accepts the new one', async () => {
    const { body: created } = await owner.post('/api/api-keys', { label: 'rotating' })
    expect((await agentCall(created.key)).status).toBe(200)
    const rotated = await owner.post(`/api/api-keys/${created.id}/rotate`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.id).toBe(created.id)
    expect(rotated.body.key).not.toBe(created.key)
    expect(rotated.body.lastUsedAt).toBeNull()
    expect((await agentCall(created.key)).status).toBe(401)
    expect((await agentCall(rotated.body.key)).status).toBe(200)
  })

  it('deletes a key, which stops working', async () => {
    const { body: created } = await owner.post('/api/api-keys', { label: 'doomed' })
    expect((await owner.delete(`/api/api-keys/${created.id}`)).body).toEqual({ deleted: true })
    expect((await agentCall(created.key)).status).toBe(401)
    const again = await owner.delete(`/api/api-keys/${created.id}`)
    expect(again.status).toBe(404)
    expect(again.body.message).toBe('API key not found')
  })

  it("never lets one user see, rotate or delete another user's key", async () => {
    const member = await memberClient(server)
    const { body: ownerKey } = await owner.post('/api/api-keys', { label: 'owner only' })
    expect(
      (await member.get('/api/api-keys')).body.map((key: { id: string }) => key.id),
    ).not.toContain(ownerKey.id)
    expect((await member.post(`/api/api-keys/${ownerKey.id}/rotate`)).status).toBe(404)
    expect((await member.delete(`/api/api-keys/${ownerKey.id}`)).status).toBe(404)
    expect((await agentCall(ownerKey.key)).status).toBe(200)
  })

  it('needs a session', async () => {
    expect((await new TestClient(server.url).get('/api/api-keys')).status).toBe(401)
  })
})

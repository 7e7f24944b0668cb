import { Preferences } from '@placet/protocol'
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

describe('preferences (spec 3.7)', () => {
  it('reads the defaults before anything was changed', async () => {
    const read = await owner.get('/api/preferences')
    expect(read.status).toBe(200)
    expect(Preferences.parse(read.body)).toEqual({
      theme: 'system',
      managementDashboard: false,
      updatedAt: null,
    })
  })

  it('changes only the given keys and keeps them per user', async () => {
    const dark = await owner.patch('/api/preferences', { theme: 'dark' })
    expect(dark.status).toBe(200)
    expect(dark.body).toMatchObject({ theme: 'dark', managementDashboard: false })
    expect(Preferences.parse(dark.body).updatedAt).not.toBeNull()

    const toggled = await owner.patch('/api/preferences', { managementDashboard: true })
    expect(toggled.body).toMatchObject({ theme: 'dark', managementDashboard: true })
    expect((await owner.get('/api/preferences')).body).toMatchObject({
      theme: 'dark',
      managementDashboard: true,
    })

    const member = await memberClient(server)
    expect((await member.get('/api/preferences')).body).toMatchObject({ theme: 'system' })
    await member.patch('/api/preferences', { theme: 'light' })
    expect((await owner.get('/api/preferences')).body.theme).toBe('dark')
  })

  it('refuses an unknown theme with a 400 and keeps the stored one', async () => {
    const refused = await owner.patch('/api/preferences', { theme: 'purple' })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ statusCode: 400, message: 'Validation failed' })
    expect(refused.body.errors[0].path).toEqual(['theme'])
    expect((await owner.get('/api/preferences')).body.theme).toBe('dark')
  })

  it('needs a session', async () => {
    const anonymous = await fetch(`${server.url}/api/preferences`)
    expect(anonymous.status).toBe(401)
  })
})

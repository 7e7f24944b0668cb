import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
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

describe('user management (spec 3.2)', () => {
  it('lets owners create, list, update and delete users', async () => {
    const created = await owner.post('/api/users', {
      email: 'Ada@Placet.test',
      displayName: 'Ada',
      password: 'ada-password',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      email: 'ada@placet.test',
      displayName: 'Ada',
      role: 'member',
      mustChangePassword: false,
    })
    expect(created.body).not.toHaveProperty('passwordHash')

    const listed = await owner.get('/api/users')
    expect(listed.body.map((user: { email: string }) => user.email)).toEqual(
      expect.arrayContaining([OWNER_EMAIL, 'ada@placet.test']),
    )
    expect(JSON.stringify(listed.body)).not.toMatch(/passwordHash|\$2[aby]\$/)

    const updated = await owner.patch(`/api/users/${created.body.id}`, {
      displayName: 'Ada L.',
      role: 'owner',
    })
    expect(updated.body).toMatchObject({ displayName: 'Ada L.', role: 'owner' })

    expect((await owner.delete(`/api/users/${created.body.id}`)).body).toEqual({ deleted: true })
    expect((await owner.delete(`/api/users/${created.body.id}`)).status).toBe(404)
  })

  it('refuses duplicates, bad bodies and deleting yourself', async () => {
    await owner.post('/api/users', {
      email: 'dup@placet.test',
      displayName: 'D',
      password: 'dup-password',
    })
    expect(
      (
        await owner.post('/api/users', {
          email: 'dup@placet.test',
          displayName: 'D',
          password: 'dup-password',
        })
      ).status,
    ).toBe(409)
    const bad = await owner.post('/api/users', {
      email: 'not-an-email',
      displayName: '',
      password: 'short',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors.map((issue: { path: string[] }) => issue.path[0]).sort()).toEqual([
      'displayName',
      'email',
      'password',
    ])
    const me = (await owner.get('/api/auth/me')).body.user
    const self = await owner.delete(`/api/users/${me.id}`)
    expect(self.status).toBe(403)
    expect(self.body.message).toBe('Cannot delete your own account')
  })

  it('keeps members out with 403', async () => {
    await owner.post('/api/users', {
      email: 'member@placet.test',
      displayName: 'M',
      password: 'member-password',
    })
    const member = await new TestClient(server.url).login('member@placet.test', 'member-password')
    expect((await member.get('/api/users')).status).toBe(403)
    expect(
      (
        await member.post('/api/users', {
          email: 'x@placet.test',
          displayName: 'X',
          password: 'x-password',
        })
      ).status,
    ).toBe(403)
    const me = (await owner.get('/api/auth/me')).body.user
    expect((await member.patch(`/api/users/${me.id}`, { role: 'member' })).status).toBe(403)
    expect((await member.delete(`/api/users/${me.id}`)).status).toBe(403)
  })

  it('ends the sessions of a deleted user', async () => {
    const { body } = await owner.post('/api/users', {
      email: 'gone@placet.test',
      displayName: 'G',
      password: 'gone-password',
    })
    const gone = await new TestClient(server.url).login('gone@placet.test', 'gone-password')
    await owner.delete(`/api/users/${body.id}`)
    expect((await gone.get('/api/auth/me')).status).toBe(401)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  OWNER_EMAIL,
  OWNER_PASSWORD,
  TestClient,
  startTestServer,
  type TestServer,
} from './harness.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ LOGIN_RATE_LIMIT: '3' })
})
afterAll(() => server.destroy())

describe('dashboard auth (spec 3.1)', () => {
  it('logs in with an HttpOnly access_token cookie and answers me', async () => {
    const client = new TestClient(server.url)
    const reply = await client.post('/api/auth/login', {
      email: OWNER_EMAIL,
      password: OWNER_PASSWORD,
    })
    expect(reply.status).toBe(200)
    expect(reply.body.user).toMatchObject({
      email: OWNER_EMAIL,
      displayName: 'Admin',
      role: 'owner',
      mustChangePassword: false,
    })
    const cookie = reply.headers.getSetCookie()[0]!
    expect(cookie).toMatch(/^access_token=/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect((await client.get('/api/auth/me')).body.user.email).toBe(OWNER_EMAIL)
  })

  it('accepts the session as a Bearer header too', async () => {
    const client = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const token = client.cookie!.split('=')[1]
    const reply = await new TestClient(server.url).get('/api/auth/me', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(reply.status).toBe(200)
  })

  it('refuses bad credentials with 401 "Invalid credentials"', async () => {
    const client = new TestClient(server.url)
    for (const body of [
      { email: OWNER_EMAIL, password: 'wrong' },
      { email: 'nobody@placet.test', password: 'x' },
    ]) {
      const reply = await client.post('/api/auth/login', body)
      expect(reply.status).toBe(401)
      expect(reply.body.message).toBe('Invalid credentials')
    }
    expect((await client.get('/api/auth/me')).status).toBe(401)
  })

  it('rate-limits failed logins per address and email', async () => {
    const client = new TestClient(server.url)
    const email = 'limited@placet.test'
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await client.post('/api/auth/login', { email, password: 'nope' })).status).toBe(401)
    }
    const limited = await client.post('/api/auth/login', { email, password: 'nope' })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    // Other accounts are not locked out by it.
    expect(
      (await client.post('/api/auth/login', { email: OWNER_EMAIL, password: OWNER_PASSWORD }))
        .status,
    ).toBe(200)
  })

  it('refreshes the session and logs out', async () => {
    const client = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const refreshed = await client.post('/api/auth/refresh')
    expect(refreshed.status).toBe(200)
    expect(refreshed.headers.getSetCookie()[0]).toMatch(/^access_token=/)
    const logout = await client.post('/api/auth/logout')
    expect(logout.body).toEqual({ message: 'Logged out' })
    expect(logout.headers.getSetCookie()[0]).toMatch(/^access_token=;/)
  })

  it('ends the session on the server at logout: the old cookie gets 401 at once', async () => {
    const owner = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    await owner.post('/api/users', {
      email: 'leaver@placet.test',
      displayName: 'L',
      password: 'leaver-password',
    })
    const leaver = await new TestClient(server.url).login('leaver@placet.test', 'leaver-password')
    const otherDevice = await new TestClient(server.url).login(
      'leaver@placet.test',
      'leaver-password',
    )
    const copied = new TestClient(server.url)
    copied.cookie = leaver.cookie
    expect((await copied.get('/api/auth/me')).status).toBe(200)

    expect((await leaver.post('/api/auth/logout')).status).toBe(200)
    expect((await copied.get('/api/auth/me')).status).toBe(401)
    expect((await copied.post('/api/auth/refresh')).status).toBe(401)
    // The session version is the user's: every device of theirs is signed out.
    expect((await otherDevice.get('/api/auth/me')).status).toBe(401)
    // Nobody else's session, and signing in again works.
    expect((await owner.get('/api/auth/me')).status).toBe(200)
    await leaver.login('leaver@placet.test', 'leaver-password')
    expect((await leaver.get('/api/auth/me')).status).toBe(200)
  })

  it('changes the password, ending older sessions', async () => {
    const owner = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    await owner.post('/api/users', {
      email: 'changer@placet.test',
      displayName: 'C',
      password: 'first-password',
    })
    const first = await new TestClient(server.url).login('changer@placet.test', 'first-password')
    const second = await new TestClient(server.url).login('changer@placet.test', 'first-password')

    expect(
      (
        await first.post('/api/auth/change-password', {
          currentPassword: 'wrong',
          newPassword: 'second-password',
        })
      ).status,
    ).toBe(401)
    expect(
      (
        await first.post('/api/auth/change-password', {
          currentPassword: 'first-password',
          newPassword: 'short',
        })
      ).status,
    ).toBe(400)
    const changed = await first.post('/api/auth/change-password', {
      currentPassword: 'first-password',
      newPassword: 'second-password',
    })
    expect(changed.status).toBe(200)

    expect((await first.get('/api/auth/me')).status).toBe(200)
    expect((await second.get('/api/auth/me')).status).toBe(401)
    expect(
      (
        await new TestClient(server.url).post('/api/auth/login', {
          email: 'changer@placet.test',
          password: 'first-password',
        })
      ).status,
    ).toBe(401)
    await new TestClient(server.url).login('changer@placet.test', 'second-password')
  })

  it('issues single-use socket tickets', async () => {
    const client = await new TestClient(server.url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const { body } = await client.post('/api/auth/ws-ticket')
    expect(typeof body.ticket).toBe('string')
    const me = (await client.get('/api/auth/me')).body.user
    expect(await server.services.sessions.redeemWsTicket(body.ticket)).toBe(me.id)
    expect(await server.services.sessions.redeemWsTicket(body.ticket)).toBeNull()
    expect(await server.services.sessions.redeemWsTicket('not-a-ticket')).toBeNull()
    // A session token is not a ticket.
    expect(await server.services.sessions.redeemWsTicket(client.cookie!.split('=')[1]!)).toBeNull()
    expect((await new TestClient(server.url).post('/api/auth/ws-ticket')).status).toBe(401)
  })
})

describe('the seeded owner', () => {
  it('must change the default password on first sign-in', async () => {
    const fresh = await startTestServer({
      INITIAL_USER_EMAIL: 'admin@placet.local',
      INITIAL_USER_PASSWORD: 'changeme',
    })
    try {
      const client = new TestClient(fresh.url)
      const reply = await client.post('/api/auth/login', {
        email: 'admin@placet.local',
        password: 'changeme',
      })
      expect(reply.body.user).toMatchObject({
        role: 'owner',
        displayName: 'Admin',
        mustChangePassword: true,
      })
      await client.post('/api/auth/change-password', {
        currentPassword: 'changeme',
        newPassword: 'a-better-password',
      })
      expect((await client.get('/api/auth/me')).body.user.mustChangePassword).toBe(false)
      // A restart does not seed again or reset the password.
      const restarted = await fresh.restart()
      await new TestClient(restarted.url).login('admin@placet.local', 'a-better-password')
      await restarted.destroy()
    } catch (error) {
      await fresh.destroy().catch(() => undefined)
      throw error
    }
  })
})

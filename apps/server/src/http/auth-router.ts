import {
  ChangePasswordBody,
  LoginBody,
  type MessageResponse,
  type SessionResponse,
  type WsTicketResponse,
} from '@placet/protocol'
import {
  Router,
  type CookieOptions,
  type Request,
  type RequestHandler,
  type Response,
} from 'express'
import type { AccountService } from '../domain/accounts/accounts.ts'
import type { LoginRateLimiter } from '../domain/accounts/login-rate-limit.ts'
import { AppError } from '../domain/errors.ts'
import {
  SESSION_TTL_SECONDS,
  toSessionUser,
  type SessionService,
  type SignedInUser,
} from '../domain/accounts/sessions.ts'
import { SESSION_COOKIE, requireUser, sessionTokenOf, userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/auth` (spec 3.1). */
export function authRouter(deps: {
  accounts: AccountService
  sessions: SessionService
  loginLimiter: LoginRateLimiter
}): Router {
  const { accounts, sessions, loginLimiter } = deps
  const router = Router()
  const cookieOptions: CookieOptions = { httpOnly: true, sameSite: 'lax', path: '/' }

  // Secure whenever the request came over HTTPS (directly or, with TRUST_PROXY, via a proxy);
  // a self-hosted instance on plain HTTP in a LAN must still be able to sign in.
  async function setSessionCookie(req: Request, res: Response, user: SignedInUser) {
    const token = await sessions.issueSession(user)
    res.cookie(SESSION_COOKIE, token, {
      ...cookieOptions,
      secure: req.secure,
      maxAge: SESSION_TTL_SECONDS * 1000,
    })
  }

  async function startSession(req: Request, res: Response, user: SignedInUser) {
    await setSessionCookie(req, res, user)
    res.json({ user: toSessionUser(user) } satisfies SessionResponse)
  }

  /** 429 while this address has too many failed logins for this email. */
  const guardLogin: RequestHandler = async (req, res, next) => {
    const email = typeof req.body?.email === 'string' ? req.body.email : ''
    const retryAfter = await loginLimiter.retryAfterSeconds(req.ip ?? '', email)
    if (retryAfter === null) return next()
    res.setHeader('Retry-After', retryAfter)
    next(new AppError(429, 'Too many failed login attempts, try again later'))
  }

  router.post('/login', guardLogin, async (req, res) => {
    const body = parseInput(LoginBody, req.body)
    try {
      const user = await accounts.checkCredentials(body.email, body.password)
      await loginLimiter.recordSuccess(req.ip ?? '', body.email)
      await startSession(req, res, user)
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 401)
        await loginLimiter.recordFailure(req.ip ?? '', body.email)
      throw error
    }
  })

  // Logging out needs no valid session: clearing the cookie is always safe. With one, the
  // server ends it too (all of the user's sessions: a token is only tied to its user's session
  // version), so a copied cookie is refused at once.
  router.post('/logout', async (req, res) => {
    const token = sessionTokenOf(req)
    const user = token ? await sessions.verifySession(token) : null
    if (user) await accounts.endSessions(user)
    res.clearCookie(SESSION_COOKIE, cookieOptions)
    res.json({ message: 'Logged out' } satisfies MessageResponse)
  })

  router.use(requireUser(sessions))

  router.post('/refresh', (req, res) => startSession(req, res, userOf(req)))

  router.get('/me', (req, res) => {
    res.json({ user: toSessionUser(userOf(req)) } satisfies SessionResponse)
  })

  router.post('/change-password', async (req, res) => {
    const user = await accounts.changePassword(
      userOf(req),
      parseInput(ChangePasswordBody, req.body),
    )
    // The old session died with the password; this one carries the new session version.
    await setSessionCookie(req, res, user)
    res.json({ message: 'Password changed' } satisfies MessageResponse)
  })

  router.post('/ws-ticket', async (req, res) => {
    res.json({ ticket: await sessions.issueWsTicket(userOf(req).id) } satisfies WsTicketResponse)
  })

  return router
}

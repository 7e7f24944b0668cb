import { randomUUID } from 'node:crypto'
import type { SessionUser } from '@placet/protocol'
import { SignJWT, jwtVerify } from 'jose'
import type { Config } from '../../config.ts'
import type { Database } from '../../store/database.ts'
import { findUserById, type UserRecord } from '../../store/users.ts'
import { burnWsTicket, insertWsTicket } from '../../store/ws-tickets.ts'

/** A signed-in person as the edges hold them; only {@link toSessionUser} of it goes out. */
export type SignedInUser = UserRecord

/** What a session answer shows of its user: no hash, no session version. */
export function toSessionUser(user: SignedInUser): SessionUser {
  const { id, email, displayName, role, mustChangePassword } = user
  return { id, email, displayName, role, mustChangePassword }
}
import type { EventBus } from '../events/event-bus.ts'
import { CredentialCache } from './credential-cache.ts'

/** Dashboard sessions last 7 days (spec 3). */
export const SESSION_TTL_SECONDS = 7 * 24 * 3600
/** Socket tickets live 30 s and are burned on first use (ours; Placet's are reusable). */
export const WS_TICKET_TTL_SECONDS = 30

type SessionClaims = { sub: string; email: string; role: string; sv: number; purpose: 'session' }
type TicketClaims = { sub: string; jti: string; purpose: 'ws' }

/**
 * Signs and checks the two kinds of JWT (HS256, JWT_SECRET): the 7-day session in the
 * `access_token` cookie and the single-use ticket of the dashboard's socket.
 */
export class SessionService {
  private readonly key: Uint8Array
  /** Users by id, for session checks without a query; dropped whenever a user changes. */
  private readonly users = new CredentialCache<UserRecord>()

  constructor(
    private readonly db: Database,
    config: Config,
    bus: EventBus,
  ) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret)
    bus.onRevocation(({ kind, id }) => {
      if (kind === 'user') this.users.drop((_user, userId) => userId === id)
    })
  }

  issueSession(user: UserRecord): Promise<string> {
    const claims: Omit<SessionClaims, 'sub'> = {
      email: user.email,
      role: user.role,
      sv: user.sessionVersion,
      purpose: 'session',
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
      .sign(this.key)
  }

  /** The user of a session token, or null when it is bad, expired or revoked. */
  async verifySession(token: string): Promise<UserRecord | null> {
    const claims = await this.verify<SessionClaims>(token)
    if (!claims || claims.purpose !== 'session') return null
    const user = this.users.get(claims.sub) ?? (await this.findUser(claims.sub))
    // A password change bumps sessionVersion, which ends every older session.
    return user && user.sessionVersion === claims.sv ? user : null
  }

  private async findUser(id: string): Promise<UserRecord | null> {
    const ticket = this.users.ticket()
    const user = await this.db.read((tx) => findUserById(tx, id))
    if (user) this.users.remember(id, user, ticket)
    return user
  }

  async issueWsTicket(userId: string): Promise<string> {
    const id = randomUUID()
    const expiresAt = new Date(Date.now() + WS_TICKET_TTL_SECONDS * 1000)
    await this.db.transaction((tx) => insertWsTicket(tx, { id, userId, expiresAt }))
    return new SignJWT({ purpose: 'ws' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setJti(id)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key)
  }

  /** Burns a ticket and returns its user id; null when bad, expired or already used. */
  async redeemWsTicket(ticket: string): Promise<string | null> {
    const claims = await this.verify<TicketClaims>(ticket)
    if (!claims || claims.purpose !== 'ws' || !claims.jti) return null
    const isBurnt = await this.db.transaction((tx) =>
      burnWsTicket(tx, { id: claims.jti, userId: claims.sub }),
    )
    return isBurnt ? claims.sub : null
  }

  private async verify<Claims>(token: string): Promise<Claims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] })
      return payload as Claims
    } catch {
      return null
    }
  }
}

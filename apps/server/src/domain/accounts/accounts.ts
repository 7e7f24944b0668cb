import type { ChangePasswordBody, CreateUserBody, UpdateUserBody, User } from '@placet/protocol'
import type { Config } from '../../config.ts'
import { listStorageKeysOfOwner } from '../../store/attachments.ts'
import { listAgents } from '../../store/agents.ts'
import { avatarStorageKeyOf } from '../agents/agent-avatars.ts'
import type { FileStorage } from '../files/file-storage.ts'
import { logger } from '../../logger.ts'
import type { EventBus } from '../events/event-bus.ts'
import type { Database } from '../../store/database.ts'
import {
  bumpSessionVersion,
  countOwners,
  deleteUser,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  toUser,
  updateUser,
  type UserRecord,
} from '../../store/users.ts'
import { AppError, conflict, forbidden, notFound } from '../errors.ts'
import { hashPassword, verifyPassword } from './passwords.ts'

const log = logger.child({ module: 'accounts' })

/** Users, their passwords and the seeded owner (spec 1.2, 3.1, 3.2). */
export class AccountService {
  // Compared against when the email is unknown, so a miss costs as much time as a hit.
  private dummyHash: Promise<string> | undefined

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly storage: FileStorage,
    private readonly bus: EventBus,
  ) {}

  /** Creates the INITIAL_USER_* owner unless that email exists (spec 1.2). */
  async seedOwner(): Promise<void> {
    const { initialUserEmail: email, initialUserPassword: password } = this.config.auth
    if (await this.db.read((tx) => findUserByEmail(tx, email))) return
    const passwordHash = await hashPassword(password, this.config.auth.passwordHashCost)
    await this.db.transaction(async (tx) => {
      if (await findUserByEmail(tx, email)) return
      // The default password is public, so whoever signs in first must replace it.
      const mustChangePassword = password === 'changeme'
      await insertUser(tx, {
        email,
        displayName: 'Admin',
        passwordHash,
        role: 'owner',
        mustChangePassword,
      })
      log.info({ email }, 'seeded the owner account')
    })
  }

  /** The user for these credentials, or a 401 "Invalid credentials". */
  async checkCredentials(email: string, password: string): Promise<UserRecord> {
    const user = await this.db.read((tx) => findUserByEmail(tx, email))
    if (!user) {
      this.dummyHash ??= hashPassword('placet-timing-guard', this.config.auth.passwordHashCost)
      await verifyPassword(password, await this.dummyHash)
      throw new AppError(401, 'Invalid credentials')
    }
    if (!(await verifyPassword(password, user.passwordHash)))
      throw new AppError(401, 'Invalid credentials')
    return user
  }

  /** Sets a new password, clears mustChangePassword and ends every other session. */
  async changePassword(user: UserRecord, body: ChangePasswordBody): Promise<UserRecord> {
    if (!(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw new AppError(401, 'Current password is incorrect')
    }
    const passwordHash = await hashPassword(body.newPassword, this.config.auth.passwordHashCost)
    const updated = await this.db.transaction((tx) =>
      updateUser(tx, user.id, {
        passwordHash,
        mustChangePassword: false,
        sessionVersion: user.sessionVersion + 1,
      }),
    )
    await this.bus.revoke({ kind: 'user', id: user.id })
    return updated
  }

  /** Logout: every session of the user ends, on every node, before this returns. */
  async endSessions(user: UserRecord): Promise<void> {
    await this.db.transaction((tx) => bumpSessionVersion(tx, user.id))
    await this.bus.revoke({ kind: 'user', id: user.id })
  }

  async list(): Promise<User[]> {
    return (await this.db.read(listUsers)).map(toUser)
  }

  async create(body: CreateUserBody): Promise<User> {
    const passwordHash = await hashPassword(body.password, this.config.auth.passwordHashCost)
    return this.db.transaction(async (tx) => {
      if (await findUserByEmail(tx, body.email))
        throw conflict('A user with this email already exists')
      const user = await insertUser(tx, {
        email: body.email,
        displayName: body.displayName,
        passwordHash,
        role: body.role ?? 'member',
      })
      return toUser(user)
    })
  }

  async update(id: string, body: UpdateUserBody): Promise<User> {
    const updated = await this.db.transaction(async (tx) => {
      const user = await findUserById(tx, id)
      if (!user) throw notFound('User not found')
      if (body.role === 'member' && user.role === 'owner' && (await countOwners(tx)) === 1) {
        throw new AppError(400, 'Cannot demote the last owner')
      }
      return toUser(await updateUser(tx, id, body))
    })
    // A new role or name must show at once, on every server.
    await this.bus.revoke({ kind: 'user', id })
    return updated
  }

  async delete(actorId: string, id: string): Promise<void> {
    if (actorId === id) throw forbidden('Cannot delete your own account')
    // Their channels' files cascade with them; the bytes are removed once the rows are gone.
    const storageKeys = await this.db.transaction(async (tx) => {
      if (!(await findUserById(tx, id))) throw notFound('User not found')
      const keys = await listStorageKeysOfOwner(tx, id)
      const avatarKeys = (await listAgents(tx, id)).flatMap(
        (agent) => avatarStorageKeyOf(agent) ?? [],
      )
      await deleteUser(tx, id)
      return [...keys, ...avatarKeys]
    })
    await this.storage.remove(storageKeys)
    await this.bus.revoke({ kind: 'user', id })
  }
}

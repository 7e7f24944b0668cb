import type { User, UserRole } from '@placet/protocol'
import type { Tx } from './database.ts'

type UserRow = Awaited<ReturnType<Tx['user']['findUniqueOrThrow']>>

/** A user row with what only the server may see. */
export type UserRecord = User & { passwordHash: string; sessionVersion: number }

export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role as UserRole,
    mustChangePassword: row.mustChangePassword,
    createdAt: row.createdAt.toISOString(),
    passwordHash: row.passwordHash,
    sessionVersion: row.sessionVersion,
  }
}

/** The public view of a user: no hash, no session version. */
export function toUser({
  passwordHash: _hash,
  sessionVersion: _version,
  ...user
}: UserRecord): User {
  return user
}

export async function findUserById(tx: Tx, id: string): Promise<UserRecord | null> {
  const row = await tx.user.findUnique({ where: { id } })
  return row && toUserRecord(row)
}

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRecord | null> {
  const row = await tx.user.findUnique({ where: { email } })
  return row && toUserRecord(row)
}

export async function listUsers(tx: Tx): Promise<UserRecord[]> {
  const rows = await tx.user.findMany({ orderBy: { createdAt: 'asc' } })
  return rows.map(toUserRecord)
}

export async function insertUser(
  tx: Tx,
  data: {
    email: string
    displayName: string
    passwordHash: string
    role: UserRole
    mustChangePassword?: boolean
  },
): Promise<UserRecord> {
  return toUserRecord(await tx.user.create({ data }))
}

export async function updateUser(
  tx: Tx,
  id: string,
  data: Partial<{
    displayName: string
    role: UserRole
    passwordHash: string
    mustChangePassword: boolean
    sessionVersion: number
  }>,
): Promise<UserRecord> {
  return toUserRecord(await tx.user.update({ where: { id }, data }))
}

/** Ends every session of the user: their tokens carry the old version. */
export async function bumpSessionVersion(tx: Tx, id: string): Promise<void> {
  await tx.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } } })
}

export async function deleteUser(tx: Tx, id: string): Promise<void> {
  await tx.user.delete({ where: { id } })
}

export async function countOwners(tx: Tx): Promise<number> {
  return tx.user.count({ where: { role: 'owner' } })
}

import bcrypt from 'bcryptjs'

/** bcrypt, cost 12 by default as in Placet (spec 1.2); pure JS, so nothing to compile. */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost)
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash)
}

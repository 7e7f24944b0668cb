import type { Provider, Tx } from './database.ts'

// The first half of the two-int advisory key space, so our keys never meet the event log's
// single-bigint append lock (PostgreSQL keeps the two key spaces apart).
const KEY_SPACE = 0x6d7367

/**
 * Serialises transactions that work on the same logical key (a clientId, a stream, an
 * iteration group) until the caller's transaction ends. SQLite runs one writer at a time
 * anyway; on PostgreSQL two servers would otherwise both miss a row and both insert it. The
 * unique indexes stay the backstop.
 */
export async function lockKey(tx: Tx, provider: Provider, key: string): Promise<void> {
  if (provider !== 'postgresql') return
  // executeRaw: the function returns void, which a raw query cannot deserialise.
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', KEY_SPACE, key)
}

/** True for Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002'
  )
}

import { sqlOf, type Provider, type Tx } from './database.ts'

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
  await sqlOf(tx).query('SELECT pg_advisory_xact_lock(?::int, hashtext(?))', [KEY_SPACE, key])
}

type DatabaseError = {
  code?: unknown
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }
}

/**
 * True for a unique-constraint violation: P2002 from a model query, P2010 from a raw one where
 * the driver adapter names the kind, or the driver's own code from a direct statement (the hot
 * inserts, issue 12): better-sqlite3's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, meta } = error as DatabaseError
  return (
    code === 'P2002' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505' ||
    (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
  )
}

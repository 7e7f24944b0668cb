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

type PrismaError = {
  code?: unknown
  meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }
}

/**
 * True for a unique-constraint violation: P2002 from a model query, or P2010 from a raw one
 * (the hot inserts are raw, issue 12), where the driver adapter names the kind.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, meta } = error as PrismaError
  return (
    code === 'P2002' ||
    (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
  )
}

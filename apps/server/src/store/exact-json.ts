import type { Tx } from './database.ts'
import { Prisma } from './generated/sqlite/client.ts'

/** The JSON columns whose content an agent or a person wrote and must read back unchanged. */
type ExactJsonColumns = { Message: 'review' | 'metadata'; Attachment: 'pluginData' }

/**
 * Rewrites a JSON column with the exact text of `value`. Prisma's query compiler re-parses JSON
 * input with an inexact float parser, so `0.30000000000000004` was stored as `0.3` (issue 14);
 * a raw statement passes the text through as a string parameter, which both databases keep
 * digit for digit (PostgreSQL casts it to jsonb by the column's type).
 */
export async function writeExactJson<Table extends keyof ExactJsonColumns>(
  tx: Tx,
  table: Table,
  id: string,
  column: ExactJsonColumns[Table],
  value: unknown,
): Promise<void> {
  if (value === undefined || value === null) return
  await tx.$executeRaw`UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.raw(`"${column}"`)} = ${JSON.stringify(value)} WHERE "id" = ${id}`
}

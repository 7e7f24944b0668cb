import type { Tx } from './database.ts'

/*
 * Case-insensitive substring search on message text (spec 2.1 `search`). A search for `50%` or
 * `a_b` means those characters, so LIKE wildcards must not leak through: PostgreSQL's ILIKE
 * takes backslash escapes; SQLite's LIKE has no escape character unless the query declares one,
 * which Prisma's `contains` does not, so SQLite uses instr() on lower-cased text instead (ASCII
 * case folding, as LIKE's own).
 */

/** `contains` value for PostgreSQL: `%`, `_` and `\` taken literally. */
export function escapeLikePattern(search: string): string {
  return search.replace(/[\\%_]/g, (char) => `\\${char}`)
}

export type SqliteSearch = {
  channelId: string
  search: string
  hasAttachments: boolean
  cursorId?: string
  limit: number
}

/**
 * Ids of one SQLite search page in (createdAt desc, id desc) order; the cursor row's position
 * is read in SQL too, so the stored date format never has to be known here.
 */
export async function findSqliteSearchPageIds(tx: Tx, query: SqliteSearch): Promise<string[]> {
  const params: unknown[] = [query.channelId, query.search]
  let cursorClause = ''
  if (query.cursorId) {
    const at = '(SELECT c."createdAt" FROM "Message" c WHERE c."id" = ?)'
    cursorClause = `AND (m."createdAt" < ${at} OR (m."createdAt" = ${at} AND m."id" < ?))`
    params.push(query.cursorId, query.cursorId, query.cursorId)
  }
  const attachmentClause = query.hasAttachments
    ? 'AND EXISTS (SELECT 1 FROM "Attachment" a WHERE a."messageId" = m."id")'
    : ''
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT m."id" FROM "Message" m
     WHERE m."channelId" = ? AND m."text" IS NOT NULL AND instr(lower(m."text"), lower(?)) > 0
     ${attachmentClause} ${cursorClause}
     ORDER BY m."createdAt" DESC, m."id" DESC LIMIT ?`,
    ...params,
    query.limit,
  )
  return rows.map((row) => row.id)
}

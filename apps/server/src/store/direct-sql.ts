/**
 * Statements run straight on the driver's connection, for the few that every hot request runs
 * (issue 12). Prisma 6.19 costs ~100–450 µs per statement here (its query machinery and an
 * adapter that prepares every statement anew); a cached prepared statement on the same
 * connection costs 4–50 µs. The runner of a transaction runs on that transaction's connection,
 * so what it writes commits or rolls back with everything else (see `Database`).
 *
 * Statements are written once, with `?` placeholders, in the SQL both databases share.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import pg, { type CustomTypesConfig, type Pool, type PoolClient } from 'pg'

/** A parameter: JSON columns take their text, dates are converted per database. */
export type SqlValue = string | number | boolean | Date | null

export interface DirectSql {
  /** Rows as the driver returns them: read columns with the `column*` decoders below. */
  query<Row extends object>(text: string, params: readonly SqlValue[]): Promise<Row[]>
  /** Runs a change; resolves to the number of rows it changed. */
  execute(text: string, params: readonly SqlValue[]): Promise<number>
}

/** On the one SQLite connection; statements prepared once and kept. */
export class SqliteDirectSql implements DirectSql {
  private readonly statements = new Map<string, BetterSqlite3.Statement>()

  constructor(
    private readonly connection: BetterSqlite3.Database,
    private readonly report: (text: string) => void,
  ) {}

  private prepared(text: string): BetterSqlite3.Statement {
    this.report(text)
    let statement = this.statements.get(text)
    if (!statement) {
      // The connection is opened with safe integers (Prisma's choice); these columns fit a number.
      statement = this.connection.prepare(text).safeIntegers(false)
      this.statements.set(text, statement)
    }
    return statement
  }

  query<Row extends object>(text: string, params: readonly SqlValue[]): Promise<Row[]> {
    return Promise.resolve(this.prepared(text).all(...params.map(toSqliteValue)) as Row[])
  }

  execute(text: string, params: readonly SqlValue[]): Promise<number> {
    return Promise.resolve(this.prepared(text).run(...params.map(toSqliteValue)).changes)
  }
}

/** As Prisma's adapter writes them, so both read the same rows back. */
function toSqliteValue(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

const postgresTexts = new Map<string, { name: string; text: string }>()

/** `?` -> `$1, $2, …`, and a name under which each connection prepares the statement once. */
function toPostgres(text: string): { name: string; text: string } {
  let statement = postgresTexts.get(text)
  if (!statement) {
    let index = 0
    const converted = text.replace(/\?/g, () => `$${++index}`)
    const name = `placet_${createHash('sha1').update(converted).digest('hex').slice(0, 16)}`
    statement = { name, text: converted }
    postgresTexts.set(text, statement)
  }
  return statement
}

/** `timestamp(3)` columns hold UTC without a zone, as Prisma writes and reads them. */
function toPostgresValue(value: SqlValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '')
  return value
}

const TIMESTAMP_OID = 1114
const utcTimestamps: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID
      ? (text: string) => new Date(`${text.replace(' ', 'T')}Z`)
      : // The driver's own parsers for the rest: jsonb is parsed, booleans are booleans.
        pg.types.getTypeParser(oid, format ?? 'text')) as CustomTypesConfig['getTypeParser'],
}

/** On a pool (reads outside a transaction) or on the connection of one transaction. */
export class PostgresDirectSql implements DirectSql {
  constructor(
    private readonly client: Pool | PoolClient,
    private readonly report: (text: string) => void,
  ) {}

  async query<Row extends object>(text: string, params: readonly SqlValue[]): Promise<Row[]> {
    return (await this.run(text, params)).rows as Row[]
  }

  async execute(text: string, params: readonly SqlValue[]): Promise<number> {
    return (await this.run(text, params)).rowCount ?? 0
  }

  private run(text: string, params: readonly SqlValue[]) {
    this.report(text)
    const { name, text: sql } = toPostgres(text)
    return this.client.query({
      name,
      text: sql,
      values: params.map(toPostgresValue),
      types: utcTimestamps,
    })
  }
}

/**
 * A row as a model query or either driver returns it: text columns are text everywhere; dates,
 * booleans, JSON and numbers come in each driver's own form, so records read them with the
 * decoders below, which take every form.
 */
export type DriverRow<Row> = {
  [Column in keyof Row]: Row[Column] extends string | null ? Row[Column] : unknown
}

// Column decoders: the same row read through either driver becomes the same record.

export function columnDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number)
}

export function columnOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : columnDate(value)
}

/** SQLite returns a JSON column's text, PostgreSQL's driver parses jsonb. */
export function columnJson<Value>(value: unknown): Value | null {
  if (value === null || value === undefined) return null
  return (typeof value === 'string' ? JSON.parse(value) : value) as Value
}

export function columnBoolean(value: unknown): boolean {
  return value === true || value === 1
}

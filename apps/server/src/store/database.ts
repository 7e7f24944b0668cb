/**
 * Opens the database behind a Prisma client with a driver adapter (no native engine):
 * SQLite through better-sqlite3 by default, PostgreSQL through node-postgres when the URL says
 * so. Both clients are generated from schemas with the same models, so one type serves both.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts'
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts'

export type Provider = 'sqlite' | 'postgresql'

/** The Prisma client type; the PostgreSQL client has the same model API. */
export type Prisma = SqliteClient
/** A client inside an interactive transaction. */
export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0]
export type { Prisma as PrismaNamespace } from './generated/sqlite/client.ts'

/** Interactive transactions may queue behind each other on SQLite's single connection. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 }
/** Query events feed {@link Database.onStatement}: how many statements a request runs (issue 12). */
const LOG = [{ emit: 'event' as const, level: 'query' as const }]

/** Called with the SQL of every statement the server runs (BEGIN excepted: Prisma omits it). */
export type StatementListener = (sql: string) => void

export function providerOf(databaseUrl: string): Provider {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgresql' : 'sqlite'
}

/** `file:./data/placet.db` -> `./data/placet.db`. */
export function sqlitePathOf(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '')
}

/**
 * The database as the rest of the server sees it. All access goes through `read` and
 * `transaction`: on SQLite the adapter shares one connection, and a query issued outside a
 * transaction would run inside whichever transaction is open at the time; both calls are
 * serialised there, while PostgreSQL reads run straight on the pool.
 */
export class Database {
  private readonly statementListeners = new Set<StatementListener>()

  private constructor(
    readonly provider: Provider,
    private readonly prisma: Prisma,
  ) {
    prisma.$on('query' as never, (event: { query: string }) => {
      for (const listener of this.statementListeners) listener(event.query)
    })
  }

  static async open(
    databaseUrl: string,
    options: { sqliteSynchronous?: 'normal' | 'full' } = {},
  ): Promise<Database> {
    const provider = providerOf(databaseUrl)
    if (provider === 'postgresql') {
      const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 })
      return new Database(
        provider,
        new PostgresClient({
          adapter,
          transactionOptions: TRANSACTION_OPTIONS,
          log: LOG,
        }) as unknown as Prisma,
      )
    }
    const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 })
    const prisma = new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS, log: LOG })
    // Per connection, so on the adapter's own one (the migration set WAL on the file).
    await prisma.$executeRawUnsafe(
      `PRAGMA synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`,
    )
    return new Database(provider, prisma)
  }

  /** Runs reads (or a single write that needs no transaction). */
  read<Result>(run: (client: Tx) => Promise<Result>): Promise<Result> {
    if (this.provider === 'sqlite') return this.prisma.$transaction(run)
    return run(this.prisma as unknown as Tx)
  }

  /** Runs `run` in one transaction: all of it commits, or none of it. */
  transaction<Result>(run: (tx: Tx) => Promise<Result>): Promise<Result> {
    return this.prisma.$transaction(run)
  }

  /** Listens to every statement (tests count them per request); returns the unsubscribe. */
  onStatement(listener: StatementListener): () => void {
    this.statementListeners.add(listener)
    return () => this.statementListeners.delete(listener)
  }

  /** True when the database answers a trivial query. */
  async isUp(): Promise<boolean> {
    try {
      await this.read((client) => client.$queryRawUnsafe('SELECT 1'))
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect()
  }
}

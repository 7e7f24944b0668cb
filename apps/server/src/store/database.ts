/**
 * Opens the database behind a Prisma client with a driver adapter (no native engine):
 * SQLite through better-sqlite3 by default, PostgreSQL through node-postgres when the URL says
 * so. Both clients are generated from schemas with the same models, so one type serves both.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { PostgresDirectSql, SqliteDirectSql, type DirectSql } from './direct-sql.ts'
import { SqliteGroupCommit } from './sqlite-group-commit.ts'
import { PrismaClient as PostgresClient } from './generated/postgres/client.ts'
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts'

export type Provider = 'sqlite' | 'postgresql'

/** The Prisma client type; the PostgreSQL client has the same model API. */
export type Prisma = SqliteClient
/** What `read` and `transaction` hand their callback: Prisma's model API on that connection. */
export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0]
export type { Prisma as PrismaNamespace } from './generated/sqlite/client.ts'

/** PostgreSQL's interactive transactions (SQLite's are the server's own, see SqliteGroupCommit). */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 }
/** Query events feed {@link Database.onStatement}: how many statements a request runs (issue 12). */
const LOG = [{ emit: 'event' as const, level: 'query' as const }]

/**
 * Called with the SQL of every statement the server runs, except the BEGIN of a PostgreSQL
 * transaction, which Prisma does not report.
 */
export type StatementListener = (sql: string) => void

function report(listeners: Set<StatementListener>, sql: string): void {
  for (const listener of listeners) listener(sql)
}

/** The direct runner of each open transaction (and of the client reads run on). */
const directSqlOf = new WeakMap<object, DirectSql>()

/**
 * The statement runner on `tx`'s own connection: what it runs is part of `tx` (issue 12).
 * Only for a `tx` handed out by {@link Database.read} or {@link Database.transaction}.
 */
export function sqlOf(tx: Tx): DirectSql {
  const sql = directSqlOf.get(tx)
  if (!sql) throw new Error('sqlOf: not a transaction of Database.read or Database.transaction')
  return sql
}

/** Reports the connection each PostgreSQL transaction starts on to the caller that asked. */
const startingTransaction = new AsyncLocalStorage<{ connection?: pg.PoolClient }>()

/**
 * Prisma's adapters keep their connections to themselves; these wrappers hand them to the
 * direct runners too. The casts name the one field each adapter version keeps them in, checked
 * at run time so an adapter upgrade that moves it fails at start, not on a request.
 */
function sqliteAdapter(
  factory: SqlDriverAdapterFactory,
  onConnect: (connection: BetterSqlite3.Database) => void,
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect()
      const connection = (adapter as unknown as { client?: unknown }).client
      if (!(connection instanceof BetterSqlite3)) throw new Error('unexpected SQLite adapter')
      onConnect(connection)
      const startTransaction = adapter.startTransaction.bind(adapter)
      adapter.startTransaction = (isolationLevel) =>
        connection.inTransaction
          ? Promise.resolve(new SavepointTransaction(adapter))
          : startTransaction(isolationLevel)
      return adapter
    },
  }
}

let savepoints = 0

/**
 * A transaction Prisma starts for one of its own multi-statement queries while
 * `Database.transaction` has the SQLite connection in a transaction already: a savepoint in it,
 * so the query's statements commit or roll back with the caller's.
 */
class SavepointTransaction implements Transaction {
  readonly options = { usePhantomQuery: false }
  readonly provider
  readonly adapterName
  private readonly name = `prisma_${++savepoints}`
  private readonly ready: Promise<unknown>

  constructor(private readonly adapter: SqlDriverAdapter) {
    this.provider = adapter.provider
    this.adapterName = adapter.adapterName
    this.ready = this.run(`SAVEPOINT ${this.name}`)
  }

  private run(sql: string) {
    return this.adapter.executeRaw({ sql, args: [], argTypes: [] })
  }

  async queryRaw(query: SqlQuery) {
    await this.ready
    return this.adapter.queryRaw(query)
  }

  async executeRaw(query: SqlQuery) {
    await this.ready
    // Prisma ends its transactions with these statements, then calls commit() or rollback().
    if (query.sql === 'COMMIT') return this.run(`RELEASE SAVEPOINT ${this.name}`)
    if (query.sql === 'ROLLBACK') {
      await this.run(`ROLLBACK TO SAVEPOINT ${this.name}`)
      return this.run(`RELEASE SAVEPOINT ${this.name}`)
    }
    return this.adapter.executeRaw(query)
  }

  commit() {
    return Promise.resolve()
  }

  rollback() {
    return Promise.resolve()
  }
}

function postgresAdapter(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async (): Promise<SqlDriverAdapter> => {
      const adapter = await factory.connect()
      const startTransaction = adapter.startTransaction.bind(adapter)
      adapter.startTransaction = async (isolationLevel) => {
        const transaction = await startTransaction(isolationLevel)
        const connection = (transaction as unknown as { client?: unknown }).client
        if (!(connection instanceof pg.Client)) throw new Error('unexpected PostgreSQL adapter')
        const waiting = startingTransaction.getStore()
        if (waiting && !waiting.connection) waiting.connection = connection as pg.PoolClient
        return transaction
      }
      return adapter
    },
  }
}

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
  private readonly reportDirect = (sql: string) => report(this.statementListeners, sql)

  private constructor(
    readonly provider: Provider,
    private readonly prisma: Prisma,
    private readonly statementListeners: Set<StatementListener>,
    /** SQLite only: every read and transaction in turn, transactions committed in groups. */
    private readonly sqlite?: SqliteGroupCommit,
  ) {
    prisma.$on('query' as never, (event: { query: string }) =>
      report(statementListeners, event.query),
    )
  }

  static async open(
    databaseUrl: string,
    options: { sqliteSynchronous?: 'normal' | 'full' } = {},
  ): Promise<Database> {
    const provider = providerOf(databaseUrl)
    const listeners = new Set<StatementListener>()
    const onDirect = (sql: string) => report(listeners, sql)
    if (provider === 'postgresql') {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
      const adapter = postgresAdapter(new PrismaPg(pool, { disposeExternalPool: true }))
      const prisma = new PostgresClient({
        adapter,
        transactionOptions: TRANSACTION_OPTIONS,
        log: LOG,
      }) as unknown as Prisma
      directSqlOf.set(prisma, new PostgresDirectSql(pool, onDirect))
      return new Database(provider, prisma, listeners)
    }
    let connection: BetterSqlite3.Database | undefined
    const adapter = sqliteAdapter(
      new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }),
      (opened) => (connection = opened),
    )
    const prisma = new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS, log: LOG })
    // Per connection, so on the adapter's own one (the migration set WAL on the file).
    await prisma.$executeRawUnsafe(
      `PRAGMA synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`,
    )
    if (!connection) throw new Error('the SQLite adapter did not connect')
    const direct = new SqliteDirectSql(connection, onDirect)
    directSqlOf.set(prisma, direct)
    return new Database(provider, prisma, listeners, new SqliteGroupCommit(connection, direct))
  }

  /**
   * Runs reads (or a single write that needs no transaction). On SQLite they wait for the
   * connection: a statement issued while a transaction is open would run inside it.
   */
  read<Result>(run: (client: Tx) => Promise<Result>): Promise<Result> {
    const client = this.prisma as unknown as Tx
    if (this.sqlite) return this.sqlite.read(() => run(client))
    return run(client)
  }

  /**
   * Runs `run` in one transaction: all of it commits, or none of it. On SQLite the transaction
   * is the connection's own (see {@link SqliteGroupCommit}), not a Prisma interactive
   * transaction, whose bookkeeping cost more than the statements of a hot request (issue 12).
   */
  transaction<Result>(run: (tx: Tx) => Promise<Result>): Promise<Result> {
    if (this.sqlite) {
      const client = this.prisma as unknown as Tx
      return this.sqlite.transaction(() => run(client))
    }
    const starting: { connection?: pg.PoolClient } = {}
    return startingTransaction.run(starting, () =>
      this.prisma.$transaction((tx) => {
        if (!starting.connection) throw new Error('the transaction started on no connection')
        directSqlOf.set(tx, new PostgresDirectSql(starting.connection, this.reportDirect))
        // Transactions Prisma starts on its own from inside `run` are not this one.
        return startingTransaction.exit(() => run(tx))
      }),
    )
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

/**
 * Applies the SQL migrations of prisma/migrations/<provider>/ that a database has not seen,
 * in order, each in its own transaction, under a lock so that several servers starting at
 * once apply each migration exactly once. Prisma's own migrate engine cannot run against
 * PostgreSQL here (design.md), so both databases use this one path.
 */
import { readdirSync, readFileSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { logger } from '../logger.ts'
import { providerOf, sqlitePathOf, type Provider } from './database.ts'

const log = logger.child({ module: 'migrate' })

/** Where the migration folders live, next to the Prisma schema (also inside the build). */
export function migrationsDirOf(provider: Provider): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, '../../prisma/migrations'), join(here, '../prisma/migrations')]
  const root = candidates.find((dir) => existsSync(dir)) ?? candidates[0]!
  return join(root, provider === 'postgresql' ? 'postgres' : 'sqlite')
}

type Migration = { name: string; sql: string }

function readMigrations(provider: Provider): Migration[] {
  const dir = migrationsDirOf(provider)
  return readdirSync(dir)
    .filter((name) => /^\d{4}_/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }))
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_placet_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`
// Any constant works: it only has to be the same for every server sharing the database.
const POSTGRES_LOCK_KEY = 0x706c6163

/** Applies pending migrations; returns the names it applied. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const provider = providerOf(databaseUrl)
  const migrations = readMigrations(provider)
  return provider === 'postgresql'
    ? migratePostgres(databaseUrl, migrations)
    : migrateSqlite(databaseUrl, migrations)
}

function migrateSqlite(databaseUrl: string, migrations: Migration[]): string[] {
  const path = sqlitePathOf(databaseUrl)
  if (path !== ':memory:' && !path.startsWith(':')) mkdirSync(dirname(path), { recursive: true })
  const db = new BetterSqlite3(path, { timeout: 10_000 })
  try {
    // WAL lets readers run beside the writer; it is a property of the file, set once here.
    db.pragma('journal_mode = WAL')
    db.exec(CREATE_TABLE)
    const applied: string[] = []
    for (const migration of migrations) {
      // BEGIN IMMEDIATE takes the write lock first, so two processes cannot both apply one.
      const apply = db.transaction(() => {
        const done = db
          .prepare('SELECT 1 FROM "_placet_migrations" WHERE "name" = ?')
          .get(migration.name)
        if (done) return false
        db.exec(migration.sql)
        db.prepare('INSERT INTO "_placet_migrations" ("name", "appliedAt") VALUES (?, ?)').run(
          migration.name,
          new Date().toISOString(),
        )
        return true
      })
      if (apply.immediate()) applied.push(migration.name)
    }
    if (applied.length) log.info({ applied }, 'applied SQLite migrations')
    return applied
  } finally {
    db.close()
  }
}

async function migratePostgres(databaseUrl: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_LOCK_KEY])
    await client.query(CREATE_TABLE)
    const { rows } = await client.query<{ name: string }>('SELECT "name" FROM "_placet_migrations"')
    const done = new Set(rows.map((row) => row.name))
    const applied: string[] = []
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query(
          'INSERT INTO "_placet_migrations" ("name", "appliedAt") VALUES ($1, $2)',
          [migration.name, new Date().toISOString()],
        )
        await client.query('COMMIT')
        applied.push(migration.name)
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
    if (applied.length) log.info({ applied }, 'applied PostgreSQL migrations')
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_LOCK_KEY]).catch(() => undefined)
    await client.end()
  }
}

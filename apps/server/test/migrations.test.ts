import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import {
  POSTGRES_SCHEMA,
  SQLITE_SCHEMA,
  derivePostgresSchema,
} from '../scripts/generate-prisma.mjs'
import { providerOf, sqlitePathOf } from '../src/store/database.ts'
import { migrateDatabase } from '../src/store/migrate.ts'
import { TEST_DB, createTestDatabase } from './harness.ts'

/** Every migration of this provider, in the order the server applies them. */
const ALL_MIGRATIONS = readdirSync(new URL(`../prisma/migrations/${TEST_DB}`, import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => name)
  .sort()

/** Table -> sorted column names, read back from the live database. */
async function columnsOf(databaseUrl: string): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {}
  if (providerOf(databaseUrl) === 'sqlite') {
    const db = new BetterSqlite3(sqlitePathOf(databaseUrl), { readonly: true })
    const rows = db
      .prepare(
        `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
      )
      .all() as { tbl: string; col: string }[]
    db.close()
    for (const row of rows) (tables[row.tbl] ??= []).push(row.col)
  } else {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    const { rows } = await client.query<{ tbl: string; col: string }>(
      `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns WHERE table_schema = 'public'`,
    )
    await client.end()
    for (const row of rows) (tables[row.tbl] ??= []).push(row.col)
  }
  for (const columns of Object.values(tables)) columns.sort()
  return tables
}

/** Model name -> sorted field lines, from a schema file. */
function modelsOf(schema: string): Record<string, string[]> {
  const models: Record<string, string[]> = {}
  for (const match of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    models[match[1]!] = match[2]!
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter(Boolean)
      .sort()
  }
  return models
}

describe(`migrations on a fresh ${TEST_DB} database`, () => {
  it('create every model of the schema, and a second run applies nothing', async () => {
    const database = await createTestDatabase()
    try {
      expect(await migrateDatabase(database.url)).toEqual(ALL_MIGRATIONS)
      expect(await migrateDatabase(database.url)).toEqual([])
      const tables = await columnsOf(database.url)
      const models = modelsOf(readFileSync(SQLITE_SCHEMA, 'utf8'))
      for (const model of Object.keys(models)) expect(tables, model).toHaveProperty(model)
      expect(tables.Event).toEqual(['channelId', 'createdAt', 'payload', 'seq', 'type', 'userId'])
    } finally {
      await database.drop()
    }
  })

  it('run once when several servers start together', async () => {
    const database = await createTestDatabase()
    try {
      const runs = await Promise.all([
        migrateDatabase(database.url),
        migrateDatabase(database.url),
        migrateDatabase(database.url),
      ])
      expect(runs.flat()).toEqual(ALL_MIGRATIONS)
    } finally {
      await database.drop()
    }
  })
})

describe('the two schemas', () => {
  it('hold the same models (the PostgreSQL one is derived and committed up to date)', () => {
    const sqlite = readFileSync(SQLITE_SCHEMA, 'utf8')
    const postgres = readFileSync(POSTGRES_SCHEMA, 'utf8')
    expect(postgres).toBe(derivePostgresSchema(sqlite))
    expect(modelsOf(postgres)).toEqual(modelsOf(sqlite))
  })

  it('have migrations up to date with the schema', () => {
    const snapshot = readFileSync(
      join(SQLITE_SCHEMA, '../migrations/schema.snapshot.prisma'),
      'utf8',
    )
    expect(snapshot, 'run `pnpm db:migration <name>` after changing the schema').toBe(
      readFileSync(SQLITE_SCHEMA, 'utf8'),
    )
  })

  it('produce the same tables and columns in both databases', async () => {
    const sqliteDb = await createTestDatabase('sqlite')
    const postgresDb = await createTestDatabase('postgres')
    try {
      await migrateDatabase(sqliteDb.url)
      await migrateDatabase(postgresDb.url)
      expect(await columnsOf(postgresDb.url)).toEqual(await columnsOf(sqliteDb.url))
    } finally {
      await Promise.all([sqliteDb.drop(), postgresDb.drop()])
    }
  })
})

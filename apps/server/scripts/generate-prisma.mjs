#!/usr/bin/env node
// Generates both Prisma clients. prisma/schema.prisma (SQLite) is the source; the PostgreSQL
// schema is derived from it because Prisma fixes the provider per schema file (design.md).
// DATABASE_URL only has to resolve for the CLI: it never connects here.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const SQLITE_SCHEMA = join(root, 'prisma/schema.prisma')
export const POSTGRES_SCHEMA = join(root, 'prisma/postgres/schema.prisma')

/** The PostgreSQL schema text for a given SQLite schema text. */
export function derivePostgresSchema(sqliteSchema) {
  return [
    '// GENERATED from ../schema.prisma by scripts/generate-prisma.mjs: edit that file instead.',
    sqliteSchema
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('"../src/store/generated/sqlite"', '"../../src/store/generated/postgres"'),
  ].join('\n')
}

const SQLITE_CONFIG = join(root, 'prisma.config.ts')
const POSTGRES_CONFIG = join(root, 'prisma/postgres/prisma.config.ts')

function prisma(args, databaseUrl) {
  execFileSync(join(root, 'node_modules/.bin/prisma'), args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(dirname(POSTGRES_SCHEMA), { recursive: true })
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8')))
  prisma(
    ['generate', '--no-hints', '--config', SQLITE_CONFIG, '--schema', SQLITE_SCHEMA],
    'file::memory:',
  )
  prisma(
    ['generate', '--no-hints', '--config', POSTGRES_CONFIG, '--schema', POSTGRES_SCHEMA],
    'postgresql://unused@localhost/unused',
  )
}

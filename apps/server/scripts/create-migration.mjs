#!/usr/bin/env node
// Writes the next migration for both databases: `pnpm db:migration <name>`.
// prisma/migrations/schema.snapshot.prisma records the schema the last migration reached, so
// the diff runs offline from that snapshot (no shadow database, no native engine).
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, derivePostgresSchema } from './generate-prisma.mjs'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const migrationsDir = join(root, 'prisma/migrations')
const snapshot = join(migrationsDir, 'schema.snapshot.prisma')

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: pnpm db:migration <snake_case_name>')
  process.exit(2)
}

function diff(from, to) {
  const source = from ? ['--from-schema-datamodel', from] : ['--from-empty']
  return execFileSync(
    join(root, 'node_modules/.bin/prisma'),
    [
      'migrate',
      'diff',
      '--config',
      join(root, 'prisma.config.ts'),
      ...source,
      '--to-schema-datamodel',
      to,
      '--script',
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: 'file::memory:' }, encoding: 'utf8' },
  )
}

const previous = existsSync(snapshot) ? snapshot : null
let previousPostgres = null
if (previous) {
  previousPostgres = join(tmpdir(), `placet-snapshot-${process.pid}.prisma`)
  writeFileSync(previousPostgres, derivePostgresSchema(readFileSync(previous, 'utf8')))
}
mkdirSync(dirname(POSTGRES_SCHEMA), { recursive: true })
writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, 'utf8')))

const scripts = {
  sqlite: diff(previous, SQLITE_SCHEMA),
  postgres: diff(previousPostgres, POSTGRES_SCHEMA),
}
if (!scripts.sqlite.includes(';')) {
  console.log('The schema has not changed since the last migration.')
  process.exit(0)
}
for (const [provider, sql] of Object.entries(scripts)) {
  const dir = join(migrationsDir, provider)
  mkdirSync(dir, { recursive: true })
  const number = String(readdirSync(dir).length + 1).padStart(4, '0')
  mkdirSync(join(dir, `${number}_${name}`))
  writeFileSync(join(dir, `${number}_${name}`, 'migration.sql'), sql)
  console.log(`wrote prisma/migrations/${provider}/${number}_${name}/migration.sql`)
}
copyFileSync(SQLITE_SCHEMA, snapshot)

// Prisma CLI configuration: the JS engine and a driver adapter, so no native engine is ever
// downloaded (design.md: these machines reach only the npm registry).
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { defineConfig } from 'prisma/config'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file::memory:' }),
  schema: 'prisma/schema.prisma',
})

// Prisma CLI configuration for the derived PostgreSQL schema (see ../../prisma.config.ts).
import { PrismaPg } from '@prisma/adapter-pg'
import { defineConfig } from 'prisma/config'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? '' }),
  schema: 'schema.prisma',
})

import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (pkg: string) =>
  fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url))

// Unit tests (src/) run once; tests that boot the server (test/) run against both databases.
export default defineConfig({
  resolve: { alias: { '@placet/protocol': source('protocol'), '@placet/sdk': source('sdk') } },
  test: {
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { PLACET_TEST_DB: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          env: { PLACET_TEST_DB: 'postgres' },
        },
      },
    ],
  },
})

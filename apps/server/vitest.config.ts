import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url))

// Unit tests (src/) run once; tests that boot the server (test/) run against both databases.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@placet\/protocol$/, replacement: source('protocol/src/index.ts') },
      { find: /^@placet\/sdk$/, replacement: source('sdk/src/index.ts') },
      { find: /^@placet\/sdk\/webhooks$/, replacement: source('sdk/src/webhooks.ts') },
    ],
  },
  test: {
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    // Fails the run when a test leaves a child process behind (issue 8).
    globalSetup: ['@placet/testing/global-setup'],
    setupFiles: ['test/quiet-logger.ts'],
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

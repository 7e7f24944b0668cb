import { defineConfig } from 'vitest/config'

/** Read @placet/protocol from source, as tsc does (tsconfig.base.json), never a stale dist. */
const SOURCE_CONDITIONS = ['@placet/source', 'module', 'node', 'development|production']

export default defineConfig({
  // Tests run in vite's server environment, whose resolver has its own condition list.
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['@placet/testing/global-setup'],
    testTimeout: 60_000,
    environment: 'node',
  },
})

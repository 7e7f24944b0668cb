import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@placet/source'] },
  test: { include: ['src/**/*.test.ts'] },
})

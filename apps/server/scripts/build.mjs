#!/usr/bin/env node
// Bundles the server's TypeScript (including the generated Prisma clients) into dist/.
// npm packages stay external and load from node_modules at run time.
import { build } from 'esbuild'

await build({
  entryPoints: { main: 'src/main.ts', migrate: 'src/migrate-cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // Some generated code still calls require(); give the ES module one.
  banner: {
    js: "import { createRequire as __placetRequire } from 'node:module'; const require = __placetRequire(import.meta.url);",
  },
})

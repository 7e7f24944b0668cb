#!/usr/bin/env node
// Builds a published workspace package (run from its folder) twice: ES modules with types into
// dist/, and CommonJS with types into dist/cjs/, marked as CommonJS by its own package.json so
// Node and TypeScript read both halves right.
import { execFileSync } from 'node:child_process'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const tsc = (...args) => execFileSync('tsc', args, { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
tsc('-p', 'tsconfig.build.json')
tsc('-p', 'tsconfig.build.json', '--outDir', 'dist/cjs', '--emitDeclarationOnly')

const sources = readdirSync('src')
  .filter((file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file))
  .map((file) => join('src', file))
await build({
  entryPoints: sources,
  outdir: 'dist/cjs',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
})
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n')

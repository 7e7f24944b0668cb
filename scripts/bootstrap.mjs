#!/usr/bin/env node
// Entry point of the two README commands (`npm start`, `npm test`) on a machine that has only
// Node and npm: it fetches the pinned pnpm through npx (corepack is not assumed), installs
// from the lockfile, then hands over to turbo.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { prepareTestMachine } from './prepare-test-machine.mjs'

const root = new URL('..', import.meta.url).pathname
const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' }

function run(args) {
  const result = spawnSync('npx', ['--yes', packageManager, ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const command = process.argv[2]
// Before the long install, so a machine that cannot run the tests says so at once.
if (command === 'test') await prepareTestMachine()
run(['install', '--frozen-lockfile'])
if (command === 'start') {
  // DATA_DIR is relative to where `npm start` was typed, not to the server package.
  env.DATA_DIR = resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? 'data')
  run(['run', 'build'])
  run(['--filter', '@placet/server', 'start'])
} else if (command === 'test') {
  run(['exec', 'eslint', '.'])
  run(['exec', 'prettier', '--check', '.', '--log-level', 'warn'])
  run(['exec', 'turbo', 'run', 'test', '--concurrency=1'])
} else {
  console.error(`usage: node scripts/bootstrap.mjs start|test`)
  process.exit(2)
}

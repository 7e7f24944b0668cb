/**
 * Vitest global setup (add it to `test.globalSetup`): gives the run a registry of the child
 * process groups its tests start (see `child-processes.ts`), kills them all when the runner is
 * interrupted, and fails the run when a test did not stop one (issue 8: a test run leaves
 * nothing behind, whether it passes, fails or is interrupted).
 *
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isGroupAlive, REGISTRY_ENV } from './child-processes.ts'

/** How long a group that was just told to stop may take to finish dying. */
const SETTLE_MS = 3_000

type RegisteredGroup = { groupId: number; command: string }

function registeredGroups(dir: string): RegisteredGroup[] {
  return readdirSync(dir).map((name) => ({
    groupId: Number(name),
    command: readFileSync(join(dir, name), 'utf8'),
  }))
}

/** The groups still alive once `ms` have passed or all are gone, whichever comes first. */
async function survivorsAfter(groups: RegisteredGroup[], ms: number) {
  const deadline = Date.now() + ms
  let alive = groups.filter(({ groupId }) => isGroupAlive(groupId))
  while (alive.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    alive = alive.filter(({ groupId }) => isGroupAlive(groupId))
  }
  return alive
}

function killGroup(groupId: number) {
  try {
    process.kill(-groupId, 'SIGKILL')
  } catch {
    // already gone
  }
}

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'placet-test-children-'))
  // Workers are forked after global setup, with this environment.
  process.env[REGISTRY_ENV] = dir
  const onSignal = () => {
    for (const { groupId } of registeredGroups(dir)) killGroup(groupId)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  return async function teardown() {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    // A group still registered is one no test stopped: the worker's exit hook may have killed
    // it already, but the test that started it needs fixing all the same.
    const unstopped = registeredGroups(dir)
    const alive = await survivorsAfter(unstopped, SETTLE_MS)
    for (const { groupId } of alive) killGroup(groupId)
    await survivorsAfter(alive, SETTLE_MS)
    rmSync(dir, { recursive: true, force: true })
    if (unstopped.length === 0) return
    const describe = ({ groupId, command }: RegisteredGroup) =>
      `${groupId} (${command}${alive.some((group) => group.groupId === groupId) ? ', alive at the end' : ''})`
    // Vitest only logs a failing teardown, so the exit code is set here as well.
    process.exitCode = 1
    throw new Error(
      `tests started child processes and did not stop them: ${unstopped.map(describe).join(', ')}`,
    )
  }
}

/**
 * Child processes that never outlive the test run (issue 8). Each one starts in a process
 * group of its own, so stopping it ends everything it started too (a server and its workers, a
 * Python client and its threads). A test stops its children in `afterAll` or `finally`; if the
 * test worker exits or is interrupted first, the groups are killed on the way out; and every
 * group is written to the run's registry so the run's global teardown can fail when one is
 * still alive (see `global-setup.ts`).
 *
 * @module
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { constants } from 'node:os'
import { join } from 'node:path'

/** Set by the global setup: one file per live child group, named by its group id. */
export const REGISTRY_ENV = 'PLACET_TEST_CHILDREN_DIR'
const STOP_GRACE_MS = 10_000

export type TrackedChild = {
  process: ChildProcess
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>
  /** Signals the whole group, escalates to SIGKILL after 10 s, and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** SIGKILL to the whole group at once: a crash, as a test of crash safety wants one. */
  kill: () => Promise<void>
}

const liveGroups = new Set<number>()

/** `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses, hence the last `)`. */
function readStat(pid: string): { state: string; groupId: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const [state, , groupId] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: state ?? '', groupId: Number(groupId) }
  } catch {
    return null // exited between readdir and read
  }
}

/**
 * True while any process of the group is alive. On Linux a zombie does not count: a killed
 * grandchild waits for whoever reaps orphans, which in a container may take seconds.
 */
export function isGroupAlive(groupId: number): boolean {
  if (existsSync('/proc/self/stat'))
    return readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false
      const stat = readStat(pid)
      return stat !== null && stat.groupId === groupId && stat.state !== 'Z'
    })
  try {
    process.kill(-groupId, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function signalGroup(groupId: number, signal: NodeJS.Signals) {
  try {
    process.kill(-groupId, signal)
  } catch {
    // already gone
  }
}

function registryFile(groupId: number): string | null {
  const dir = process.env[REGISTRY_ENV]
  return dir ? join(dir, String(groupId)) : null
}

function forget(groupId: number) {
  liveGroups.delete(groupId)
  const file = registryFile(groupId)
  if (file) rmSync(file, { force: true })
}

let isExitHookInstalled = false

/** The worker's last word: whatever the tests did not stop goes with it. */
function installExitHook() {
  if (isExitHookInstalled) return
  isExitHookInstalled = true
  const killAll = () => {
    for (const groupId of liveGroups) signalGroup(groupId, 'SIGKILL')
  }
  process.once('exit', killAll)
  // An interrupted worker would otherwise die without running 'exit' listeners.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      killAll()
      process.exit(128 + constants.signals[signal])
    })
}

/**
 * Spawns `command` in a new process group, tracked until it exits.
 *
 * @example
 * const server = spawnTracked(process.execPath, ['dist/main.js'], { env })
 * try { ... } finally { await server.stop() }
 */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'detached'> = {},
): TrackedChild {
  installExitHook()
  const child = spawn(command, args, { ...options, detached: true })
  const groupId = child.pid
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve(code))
  })
  if (groupId === undefined) {
    // spawn failed (e.g. ENOENT); `exited` rejects with the reason.
    return { process: child, exited, stop: async () => undefined, kill: async () => undefined }
  }
  liveGroups.add(groupId)
  const file = registryFile(groupId)
  if (file) writeFileSync(file, command)
  // A child that ends by itself (a client script that finished) needs no stopping.
  void exited.then(
    () => isGroupAlive(groupId) || forget(groupId),
    () => forget(groupId),
  )

  const waitForGroup = async (deadline: number) => {
    await exited.catch(() => null)
    // The leader is gone; members it started may still be on their way out.
    while (isGroupAlive(groupId) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!liveGroups.has(groupId)) return
    signalGroup(groupId, signal)
    const escalate = setTimeout(() => signalGroup(groupId, 'SIGKILL'), STOP_GRACE_MS)
    await waitForGroup(Date.now() + STOP_GRACE_MS + 5_000)
    clearTimeout(escalate)
    if (isGroupAlive(groupId)) signalGroup(groupId, 'SIGKILL')
    forget(groupId)
  }
  const kill = () => stop('SIGKILL')
  return { process: child, exited, stop, kill }
}

import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { isGroupAlive, REGISTRY_ENV, spawnTracked } from './child-processes.ts'
import setup from './global-setup.ts'

/** A leader that starts a grandchild in its group, then waits: what a server with workers does. */
const withGrandchild = ['-c', 'sleep 300 & echo $!; wait']

async function grandchildPid(child: ReturnType<typeof spawnTracked>): Promise<number> {
  const stdout = child.process.stdout!
  const line = await new Promise<string>((resolve) =>
    stdout.once('data', (data) => resolve(`${data}`)),
  )
  return Number(line.trim())
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number) {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

const savedRegistry = process.env[REGISTRY_ENV]
afterEach(() => {
  process.env[REGISTRY_ENV] = savedRegistry
})

describe('spawnTracked', () => {
  it('stops the whole group, grandchildren included', async () => {
    const child = spawnTracked('sh', withGrandchild, { stdio: ['ignore', 'pipe', 'inherit'] })
    const grandchild = await grandchildPid(child)
    expect(isAlive(grandchild)).toBe(true)
    await child.stop()
    expect(isGroupAlive(child.process.pid!)).toBe(false)
    expect(isAlive(grandchild)).toBe(false)
  })

  it('kills with SIGKILL on request, as a crash', async () => {
    // A leader that ignores SIGTERM would survive stop('SIGTERM') for 10 s; kill() does not wait.
    const child = spawnTracked('sh', ['-c', 'trap "" TERM; sleep 300 & wait'], { stdio: 'ignore' })
    await child.kill()
    expect(await child.exited).toBe(null)
    expect(isGroupAlive(child.process.pid!)).toBe(false)
  })

  it('rejects `exited` when the command does not exist, and stop() is harmless', async () => {
    const child = spawnTracked('/nonexistent/placet-binary', [])
    await expect(child.exited).rejects.toThrow(/ENOENT/)
    await child.stop()
  })
})

describe('the global teardown', () => {
  it('passes when every child was stopped', async () => {
    const teardown = setup()
    const child = spawnTracked('sleep', ['300'])
    await child.stop()
    await expect(teardown()).resolves.toBeUndefined()
  })

  it('fails the run, and kills the group, when a child is still alive', async () => {
    const exitCode = process.exitCode
    const teardown = setup()
    const child = spawnTracked('sh', withGrandchild, { stdio: ['ignore', 'pipe', 'inherit'] })
    const grandchild = await grandchildPid(child)
    await expect(teardown()).rejects.toThrow(/did not stop them: \d+ \(sh, alive at the end\)/)
    expect(process.exitCode).toBe(1)
    process.exitCode = exitCode
    await child.exited
    expect(isAlive(grandchild)).toBe(false)
  })
})

/**
 * Any node program that serves /health (the server from dist or source, the bench's floor) in
 * a process of its own; `server-process.ts` adds the server's log for the attack suites.
 * Used for tests that need real processes (two nodes sharing
 * Redis) and for the bench: started with spawnTracked, so it never outlives the run.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { spawnTracked, type TrackedChild } from '@placet/testing/child-processes'

const SERVER_ROOT = fileURLToPath(new URL('..', import.meta.url))

export type ServerProcess = {
  url: string
  pid: number
  /** Resident set size of the server process, in MiB. */
  rssMiB: () => number
  stop: () => Promise<void>
}

/** A port nothing listens on now (the OS picks it), for a process that must keep its address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function waitUntilHealthy(url: string, child: TrackedChild, output: () => string) {
  const deadline = Date.now() + 60_000
  let hasExited = false
  void child.exited.then(() => (hasExited = true))
  while (Date.now() < deadline && !hasExited) {
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await child.stop()
  throw new Error(`server at ${url} did not come up:\n${output()}`)
}

/**
 * Starts `node <args> <port>` in the server's folder with `env` (plus PORT) and resolves once
 * `/health` answers; the process is tracked, so it never outlives the run. `onOutput` sees
 * everything it writes to stdout and stderr (the soak counts the log's errors there).
 */
export async function startServerProcess(
  args: string[],
  env: Record<string, string>,
  options: { onOutput?: (text: string) => void } = {},
): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawnTracked(process.execPath, [...args, String(port)], {
    cwd: SERVER_ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000)
    options.onOutput?.(chunk.toString())
  }
  child.process.stdout?.on('data', keep)
  child.process.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  await waitUntilHealthy(url, child, () => output)
  const pid = child.process.pid!
  return {
    url,
    pid,
    rssMiB: () => {
      const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      return Number(line?.[1] ?? 0) / 1024
    },
    stop: () => child.stop(),
  }
}

/** The server from its TypeScript source (no build needed), as `pnpm dev` runs it. */
export const SOURCE_ENTRY = ['--import', 'tsx', '--conditions=@placet/source', 'src/main.ts']

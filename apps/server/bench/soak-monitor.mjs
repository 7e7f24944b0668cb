/**
 * Loaded into the server under soak with `node --expose-gc --import ./bench/soak-monitor.mjs
 * dist/main.js` (bench only, never in production): every PLACET_SOAK_SAMPLE_MS it appends one
 * JSON line to PLACET_SOAK_SAMPLES with the process's own figures — RSS, heap used after a full
 * GC (what is retained, the figure a leak moves), and the event loop's delay p99 and max over
 * the interval (node's monitorEventLoopDelay, measured inside the process, so client-side
 * network time is not in it).
 */
import { appendFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setInterval } from 'node:timers'

const file = process.env.PLACET_SOAK_SAMPLES
const every = Number(process.env.PLACET_SOAK_SAMPLE_MS ?? 10_000)

if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const startedAt = Date.now()
  const sample = () => {
    const lag = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, mean: delay.mean / 1e6 }
    delay.reset()
    globalThis.gc?.()
    const memory = process.memoryUsage()
    const line = {
      atMs: Date.now() - startedAt,
      rssMiB: memory.rss / 2 ** 20,
      heapUsedMiB: memory.heapUsed / 2 ** 20,
      externalMiB: memory.external / 2 ** 20,
      lagP99Ms: lag.p99,
      lagMaxMs: lag.max,
      lagMeanMs: lag.mean,
    }
    appendFileSync(file, `${JSON.stringify(line)}\n`)
  }
  setInterval(sample, every).unref()
}

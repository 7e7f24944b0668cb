/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof` at exit) and sums self time per
 * function and per area (an npm package, the server's own bundle, Node's internals, GC), so the
 * results say where an ingest request's CPU goes.
 *
 * @module
 */
import { readFileSync } from 'node:fs'

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; endTime: number }

export type ProfileShare = { name: string; ms: number; share: number }
export type ProfileSummary = { busyMs: number; functions: ProfileShare[]; areas: ProfileShare[] }

function areaOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pnpm ?? plain) return (pnpm ?? plain)![1]!
  if (url.includes('/dist/main.js')) return 'placet server (dist/main.js)'
  if (url.startsWith('node:')) return 'node internals'
  return url
}

function top(totals: Map<string, number>, busyMs: number, count: number): ProfileShare[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }))
}

/**
 * Sums the samples of the profile's last `windowMs` (the load, not the start-up before it:
 * the profile runs from process start to exit, and the bench knows how long the load took).
 */
export function summariseProfile(path: string, windowMs: number, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile
  const from = profile.endTime - windowMs * 1000
  // Sample times are the running sum of the deltas, counted back from the end.
  let at = profile.endTime - profile.timeDeltas.reduce((sum, delta) => sum + delta, 0)
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byFunction = new Map<string, number>()
  const byArea = new Map<string, number>()
  let busyMs = 0
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    at += delta
    const frame = nodes.get(id)!.callFrame
    if (at < from || frame.functionName === '(idle)') return
    const ms = delta / 1000
    busyMs += ms
    const file = frame.url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '')
    const name = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`
    byFunction.set(name.trim(), (byFunction.get(name.trim()) ?? 0) + ms)
    const area = areaOf(frame)
    byArea.set(area, (byArea.get(area) ?? 0) + ms)
  })
  return { busyMs, functions: top(byFunction, busyMs, count), areas: top(byArea, busyMs, 10) }
}

import { randomBytes, randomFillSync } from 'node:crypto'
import { hostname } from 'node:os'

/**
 * Ids for rows the server inserts with raw SQL (issue 12), in the shape of Prisma's
 * `@default(cuid())` (cuid v1: `c`, time, counter, host fingerprint, randomness; 25 characters),
 * so they sort and look like the ids Prisma makes for the same tables.
 *
 * @module
 */

const BASE = 36
const BLOCK = 4
const MAX_COUNTER = BASE ** BLOCK

const pad = (value: number | string, size: number) => String(value).padStart(size, '0').slice(-size)

const fingerprint =
  pad(process.pid.toString(BASE), 2) +
  pad(
    [...hostname()]
      .reduce((sum, char) => sum + char.charCodeAt(0), hostname().length + BASE)
      .toString(BASE),
    2,
  )

let counter = randomBytes(4).readUInt32BE() % MAX_COUNTER

// Random bytes drawn a page at a time: one call per id cost 5 % of an ingest's CPU (issue 12).
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function randomBlock(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const value = pool.readUInt32BE(poolOffset)
  poolOffset += 4
  return pad((value % MAX_COUNTER).toString(BASE), BLOCK)
}

export function newRowId(): string {
  counter = (counter + 1) % MAX_COUNTER
  return (
    'c' +
    pad(Date.now().toString(BASE), 8) +
    pad(counter.toString(BASE), BLOCK) +
    fingerprint +
    randomBlock() +
    randomBlock()
  )
}

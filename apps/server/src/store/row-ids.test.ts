import { describe, expect, it } from 'vitest'
import { newRowId } from './row-ids.ts'

describe('newRowId', () => {
  it("has the shape of Prisma's cuid() and does not repeat", () => {
    const ids = Array.from({ length: 10_000 }, newRowId)
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^c[0-9a-z]{24}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sorts later ids after earlier ones across milliseconds', async () => {
    const first = newRowId()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(newRowId() > first).toBe(true)
  })
})

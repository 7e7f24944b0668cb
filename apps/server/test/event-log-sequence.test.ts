import { describe, expect, it } from 'vitest'
import { memberClient } from './harness.ts'
import { createAgent, postMessage, useAgentServer } from './messaging-fixtures.ts'

const world = useAgentServer('Sequencer')

/** Every seq in the log, in order. */
async function allSeqs(): Promise<number[]> {
  const rows = await world.server.services.db.read((tx) =>
    tx.event.findMany({ orderBy: { seq: 'asc' }, select: { seq: true } }),
  )
  return rows.map((row) => row.seq)
}

describe('event log sequence numbers (issue 14)', () => {
  it('an append rolled back after its INSERT leaves no gap in seq (PostgreSQL’s SERIAL burned the number)', async () => {
    // A hook that fails after the event's INSERT, as a crash mid-transaction would.
    let isArmed = true
    world.server.services.eventLog.onAppend(async (_tx, event) => {
      if (isArmed && event.type === 'message:deleted') {
        isArmed = false
        throw new Error('rolled back on purpose')
      }
    })
    const before = await postMessage(world.owner, { channelId: world.channelId, text: 'kept' })
    const userId = (await world.owner.get('/api/auth/me')).body.user.id as string
    await expect(
      world.server.services.eventLog.change(async (_tx, emit) =>
        emit({
          type: 'message:deleted',
          userId,
          channelId: world.channelId,
          payload: { messageId: before.id, channelId: world.channelId },
        }),
      ),
    ).rejects.toThrow('rolled back on purpose')
    await postMessage(world.owner, { channelId: world.channelId, text: 'after the rollback' })

    const seqs = await allSeqs()
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1))
  })

  it('numbers events of several users from one counter, in commit order', async () => {
    const other = await memberClient(world.server)
    const otherChannel = (await createAgent(other, 'Other')).id
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2 === 0
          ? postMessage(world.owner, { channelId: world.channelId, text: `a${index}` })
          : postMessage(other, { channelId: otherChannel, text: `b${index}` }),
      ),
    )
    const seqs = await allSeqs()
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1))
  })
})

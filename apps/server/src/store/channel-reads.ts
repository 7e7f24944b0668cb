import type { Tx } from './database.ts'

/** Marks a channel read for a user now (ChannelRead, spec 1.3). */
export async function markChannelRead(
  tx: Tx,
  userId: string,
  channelId: string,
  at = new Date(),
): Promise<void> {
  await tx.channelRead.upsert({
    where: { userId_channelId: { userId, channelId } },
    create: { userId, channelId, lastReadAt: at },
    update: { lastReadAt: at },
  })
}

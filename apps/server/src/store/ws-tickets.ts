import type { Tx } from './database.ts'

/** Stores a new socket ticket, clearing expired ones on the way (tickets are few and short). */
export async function insertWsTicket(
  tx: Tx,
  ticket: { id: string; userId: string; expiresAt: Date },
): Promise<void> {
  await tx.wsTicket.deleteMany({ where: { expiresAt: { lt: new Date() } } })
  await tx.wsTicket.create({ data: ticket })
}

/** Marks a ticket used; false when it is unknown, another user's, expired or used already. */
export async function burnWsTicket(
  tx: Tx,
  ticket: { id: string; userId: string },
): Promise<boolean> {
  const now = new Date()
  const { count } = await tx.wsTicket.updateMany({
    where: { id: ticket.id, userId: ticket.userId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  })
  return count === 1
}

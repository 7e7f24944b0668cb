import type { Tx } from './database.ts'

/** A browser's push subscription: where to send, and the keys to encrypt for (RFC 8291). */
export type PushSubscriptionRecord = {
  id: string
  endpoint: string
  p256dh: string
  auth: string
}

const FIELDS = { id: true, endpoint: true, p256dh: true, auth: true } as const

/** Saves a subscription for `userId`; an endpoint already known moves to them with its new keys. */
export async function upsertPushSubscription(
  tx: Tx,
  userId: string,
  subscription: Omit<PushSubscriptionRecord, 'id'>,
): Promise<void> {
  await tx.pushSubscription.upsert({
    where: { endpoint: subscription.endpoint },
    create: { userId, ...subscription },
    update: { userId, p256dh: subscription.p256dh, auth: subscription.auth },
  })
}

/** Removes the user's subscription at `endpoint`; another user's is left alone. */
export async function deleteUserPushSubscription(
  tx: Tx,
  userId: string,
  endpoint: string,
): Promise<void> {
  await tx.pushSubscription.deleteMany({ where: { userId, endpoint } })
}

/** Removes a subscription the push service said is gone, unless it was renewed meanwhile. */
export async function deleteExpiredPushSubscription(
  tx: Tx,
  subscription: PushSubscriptionRecord,
): Promise<void> {
  await tx.pushSubscription.deleteMany({
    where: { id: subscription.id, p256dh: subscription.p256dh, auth: subscription.auth },
  })
}

export async function findUserPushSubscriptions(
  tx: Tx,
  userId: string,
): Promise<PushSubscriptionRecord[]> {
  return tx.pushSubscription.findMany({ where: { userId }, select: FIELDS })
}

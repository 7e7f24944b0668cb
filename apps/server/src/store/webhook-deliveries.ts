import type { WebhookDelivery, WebhookDeliveryState } from '@placet/protocol'
import type { Tx } from './database.ts'
import { Prisma } from './generated/sqlite/client.ts'

/*
 * The webhook outbox (issue 5): one row per event and endpoint, written in the event's
 * transaction, claimed by a worker with a lease, settled after each attempt. Reads return the
 * protocol's WebhookDelivery, which has no headers and no body: the log shows what happened,
 * never a credential.
 */

type DeliveryRow = Awaited<ReturnType<Tx['webhookDelivery']['findUniqueOrThrow']>>
type AttemptRow = Awaited<ReturnType<Tx['webhookAttempt']['findUniqueOrThrow']>>

export type NewWebhookDelivery = {
  webhookId: string
  agentId: string
  messageId: string | null
  eventSeq: number | null
  event: string
  url: string
  method: string
  useChannelCredentials: boolean
  headers: Record<string, string> | null
  body: string
  nextAttemptAt: Date
}

/** A delivery this process holds the lease of, until `lease`. */
export type ClaimedDelivery = Omit<NewWebhookDelivery, 'eventSeq' | 'nextAttemptAt'> & {
  id: string
  attemptCount: number
  /** The lease's end, which is also its token: only its holder may settle the delivery. */
  lease: Date
}

/** How a delivery stands after an attempt. */
export type DeliverySettlement = {
  state: WebhookDeliveryState
  nextAttemptAt: Date | null
  lastError: string | null
  deliveredAt: Date | null
}

export function toWebhookDelivery(row: DeliveryRow & { attempts: AttemptRow[] }): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    agentId: row.agentId,
    messageId: row.messageId,
    event: row.event,
    url: row.url,
    state: row.state as WebhookDeliveryState,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    attempts: row.attempts.map((attempt) => ({
      id: attempt.id,
      attemptedAt: attempt.attemptedAt.toISOString(),
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
      error: attempt.error,
    })),
  }
}

const ATTEMPTS_NEWEST_FIRST = {
  attempts: { orderBy: [{ attemptedAt: 'desc' as const }, { id: 'desc' as const }] },
}

export async function insertWebhookDelivery(tx: Tx, delivery: NewWebhookDelivery): Promise<void> {
  await tx.webhookDelivery.create({
    data: { ...delivery, headers: delivery.headers ?? Prisma.DbNull, state: 'pending' },
  })
}

/** Pending deliveries that are due and not leased (a lease that ran out counts as none). */
function dueWhere(now: Date) {
  return {
    state: 'pending',
    nextAttemptAt: { lte: now },
    OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
  }
}

/**
 * Leases up to `limit` due deliveries to node `nodeId` until `leaseUntil`. Each claim is a
 * conditional update, so when several servers race for the same row exactly one of them gets it.
 */
export async function claimDueDeliveries(
  tx: Tx,
  now: Date,
  lease: { until: Date; nodeId: string },
  limit: number,
): Promise<ClaimedDelivery[]> {
  const due = await tx.webhookDelivery.findMany({
    where: dueWhere(now),
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
    select: { id: true },
  })
  const claimed: ClaimedDelivery[] = []
  for (const { id } of due) {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id, ...dueWhere(now) },
      data: { lockedUntil: lease.until, lockedBy: lease.nodeId },
    })
    if (count === 0) continue
    const row = await tx.webhookDelivery.findUniqueOrThrow({ where: { id } })
    claimed.push({
      id: row.id,
      webhookId: row.webhookId,
      agentId: row.agentId,
      messageId: row.messageId,
      event: row.event,
      url: row.url,
      method: row.method,
      useChannelCredentials: row.useChannelCredentials,
      headers: (row.headers as Record<string, string> | null) ?? null,
      body: row.body,
      attemptCount: row.attemptCount,
      lease: lease.until,
    })
  }
  return claimed
}

/**
 * When the worker should look again: the earliest due time of an unleased pending delivery, or
 * the earliest lease end (a server that died mid-send leaves its lease to run out).
 */
export async function findNextWakeAt(tx: Tx, now: Date): Promise<Date | null> {
  const [unleased, leased] = await Promise.all([
    tx.webhookDelivery.findFirst({
      where: { state: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    }),
    tx.webhookDelivery.findFirst({
      where: { state: 'pending', lockedUntil: { gt: now } },
      orderBy: { lockedUntil: 'asc' },
      select: { lockedUntil: true },
    }),
  ])
  const times = [unleased?.nextAttemptAt, leased?.lockedUntil].filter(
    (time): time is Date => time instanceof Date,
  )
  return times.length === 0 ? null : new Date(Math.min(...times.map((time) => time.getTime())))
}

/**
 * Records an attempt's outcome and releases the lease, only if `claim` still holds it; false
 * when it was lost (the lease ran out and another server took the delivery over).
 */
export async function settleDelivery(
  tx: Tx,
  claim: ClaimedDelivery,
  settlement: DeliverySettlement,
): Promise<boolean> {
  const { count } = await tx.webhookDelivery.updateMany({
    where: { id: claim.id, lockedUntil: claim.lease },
    data: { ...settlement, attemptCount: { increment: 1 }, lockedUntil: null, lockedBy: null },
  })
  return count === 1
}

/**
 * The nodes holding a lease on a pending delivery right now; `null` stands for leases taken
 * before leases named their holder.
 */
export async function findLeaseHolders(tx: Tx, now: Date): Promise<(string | null)[]> {
  const rows = await tx.webhookDelivery.findMany({
    where: { state: 'pending', lockedUntil: { gt: now } },
    distinct: ['lockedBy'],
    select: { lockedBy: true },
  })
  return rows.map((row) => row.lockedBy)
}

/**
 * Ends the leases held by `nodeIds` (and, with `includeUnnamed`, leases without a holder), so
 * their deliveries are due again at once: those nodes are dead and will never settle them. An
 * attempt that was in flight is not counted (it was never recorded), and the retry keeps the
 * delivery's `webhook-id`. Returns how many leases ended.
 */
export async function releaseLeases(
  tx: Tx,
  now: Date,
  holders: { nodeIds: string[]; includeUnnamed: boolean },
): Promise<number> {
  const held = [
    ...(holders.nodeIds.length ? [{ lockedBy: { in: holders.nodeIds } }] : []),
    ...(holders.includeUnnamed ? [{ lockedBy: null }] : []),
  ]
  if (held.length === 0) return 0
  const { count } = await tx.webhookDelivery.updateMany({
    where: { state: 'pending', lockedUntil: { gt: now }, OR: held },
    data: { lockedUntil: null, lockedBy: null },
  })
  return count
}

export async function insertWebhookAttempt(
  tx: Tx,
  attempt: {
    deliveryId: string
    attemptedAt: Date
    statusCode: number
    durationMs: number
    error: string | null
  },
): Promise<void> {
  await tx.webhookAttempt.create({ data: attempt })
}

/** An agent's deliveries, newest first, a page at a time (`cursor` is the last id seen). */
export async function listAgentDeliveries(
  tx: Tx,
  agentId: string,
  page: { cursor?: string; limit: number },
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  const rows = await tx.webhookDelivery.findMany({
    where: { agentId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    include: ATTEMPTS_NEWEST_FIRST,
  })
  const data = rows.slice(0, page.limit).map(toWebhookDelivery)
  return { data, nextCursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

/** The deliveries of every agent a user owns, newest first, optionally of one agent or state. */
export async function listUserDeliveries(
  tx: Tx,
  userId: string,
  filter: { agentId?: string; state?: WebhookDeliveryState },
  page: { cursor?: string; limit: number },
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  const rows = await tx.webhookDelivery.findMany({
    where: {
      agent: { ownerId: userId },
      ...(filter.agentId ? { agentId: filter.agentId } : {}),
      ...(filter.state ? { state: filter.state } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    include: ATTEMPTS_NEWEST_FIRST,
  })
  const data = rows.slice(0, page.limit).map(toWebhookDelivery)
  return { data, nextCursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null }
}

/** True when `id` is a delivery of one of the user's agents. */
export async function isUserDelivery(tx: Tx, id: string, userId: string): Promise<boolean> {
  return (await tx.webhookDelivery.count({ where: { id, agent: { ownerId: userId } } })) === 1
}

/** True when `id` is a delivery of `agentId` (a foreign cursor must not page another log). */
export async function isDeliveryOf(tx: Tx, id: string, agentId: string): Promise<boolean> {
  return (await tx.webhookDelivery.count({ where: { id, agentId } })) === 1
}

export async function findDelivery(tx: Tx, id: string): Promise<WebhookDelivery | null> {
  const row = await tx.webhookDelivery.findUnique({ where: { id }, include: ATTEMPTS_NEWEST_FIRST })
  return row ? toWebhookDelivery(row) : null
}

/** The newest delivery of a message for one of `events`. */
export async function findLatestMessageDelivery(
  tx: Tx,
  messageId: string,
  events: readonly string[],
): Promise<WebhookDelivery | null> {
  const row = await tx.webhookDelivery.findFirst({
    where: { messageId, event: { in: [...events] } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: ATTEMPTS_NEWEST_FIRST,
  })
  return row ? toWebhookDelivery(row) : null
}

/**
 * Queues a delivery again for an attempt at `now`, with the same `webhook-id` and body and a
 * fresh retry schedule (`attemptCount` counts the attempts of the current run; the history
 * keeps them all). False while an attempt is in flight.
 */
export async function requeueDelivery(tx: Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.webhookDelivery.updateMany({
    where: { id, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: {
      state: 'pending',
      nextAttemptAt: now,
      attemptCount: 0,
      lockedUntil: null,
      lockedBy: null,
    },
  })
  return count === 1
}

/** Turns the channel endpoint off after a 410 Gone, unless the webhook has moved meanwhile. */
export async function disableChannelEndpoint(
  tx: Tx,
  agentId: string,
  url: string,
  now: Date,
): Promise<void> {
  await tx.agent.updateMany({
    where: { id: agentId, webhookUrl: url, webhookDisabledAt: null },
    data: { webhookDisabledAt: now },
  })
}

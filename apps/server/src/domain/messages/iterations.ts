import type { Provider, Tx } from '../../store/database.ts'
import { lockKey } from '../../store/locks.ts'
import {
  countGroupMembers,
  findMaxIteration,
  findMessage,
  listGroupMessages,
  updateMessage,
  type MessageRecord,
} from '../../store/messages.ts'
import { AppError } from '../errors.ts'

/*
 * Iteration chains (spec 1.7): an agent revises a reviewed message by posting a new one with
 * `iterationOf`; the chain is the root and its revisions, numbered 1, 2, 3…
 */

/** A revision may follow a review that is over; `cancelled` is ours and counts as over. */
const CHAINABLE_STATUSES = new Set(['completed', 'expired', 'cancelled'])

const invalidTarget = (message: string) =>
  new AppError(400, message, [{ code: 'invalid_iteration', message, path: ['iterationOf'] }])

export type ChainPlace = {
  iterationGroupId: string
  iteration: number
  /** The root, when this revision is its first: it was just numbered 1 (its state changed). */
  backfilledRoot: MessageRecord | null
}

/**
 * Where a revision of `targetId` goes: group = the target's group or the target itself,
 * iteration = max + 1 with the root counting as 1; the root is back-filled on the first
 * revision. Runs in the caller's transaction, under the group's lock, with the unique
 * (group, iteration) index as the backstop.
 */
export async function placeInChain(
  tx: Tx,
  provider: Provider,
  channelId: string,
  targetId: string,
): Promise<ChainPlace> {
  const target = await findMessage(tx, targetId)
  if (!target || target.channelId !== channelId)
    throw invalidTarget('iterationOf must be a message of the same channel')
  if (!target.reviewStatus || !CHAINABLE_STATUSES.has(target.reviewStatus)) {
    throw invalidTarget(
      'iterationOf must be a message whose review is completed, expired or cancelled',
    )
  }
  const groupId = target.iterationGroupId ?? target.id
  await lockKey(tx, provider, `iteration:${groupId}`)
  let backfilledRoot: MessageRecord | null = null
  if (target.iterationGroupId === null) {
    backfilledRoot = await updateMessage(tx, target.id, {
      iterationGroupId: groupId,
      iteration: 1,
      updatedAt: new Date(),
    })
  }
  const max = (await findMaxIteration(tx, groupId)) ?? 1
  return { iterationGroupId: groupId, iteration: max + 1, backfilledRoot }
}

/** The chain a message belongs to, sorted by iteration; a lone message is a chain of one. */
export async function readChain(
  tx: Tx,
  message: MessageRecord,
): Promise<{ groupId: string; messages: MessageRecord[] }> {
  if (!message.iterationGroupId) return { groupId: message.id, messages: [message] }
  return {
    groupId: message.iterationGroupId,
    messages: await listGroupMessages(tx, message.iterationGroupId),
  }
}

/** A message whose chain has other members cannot be retracted (spec 1.7, 2.1). */
export async function assertNotChained(tx: Tx, row: MessageRecord): Promise<void> {
  if (row.iterationGroupId && (await countGroupMembers(tx, row.iterationGroupId)) > 1) {
    throw new AppError(
      400,
      'This message is part of an iteration chain with other members and cannot be deleted',
    )
  }
}

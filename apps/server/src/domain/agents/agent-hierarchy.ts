import type { Provider, Tx } from '../../store/database.ts'
import {
  findAgent,
  findParentAgentId,
  lockAgentHierarchy,
  type AgentFields,
} from '../../store/agents.ts'
import { AppError } from '../errors.ts'

/** How far up the parent chain is walked; deeper nesting is refused (spec 2.3). */
export const MAX_SUBAGENT_DEPTH = 16

const invalidParent = (message: string) =>
  new AppError(400, message, [{ code: 'custom', message, path: ['parentChannelId'] }])

/**
 * The subagent fields for `channelId` (setSubagent, setWebhook): a parent must exist, belong
 * to the same user, and not have `channelId` among its ancestors (that would close a cycle).
 */
export async function resolveSubagentFields(
  tx: Tx,
  provider: Provider,
  {
    userId,
    channelId,
    isSubagent,
    parentChannelId,
  }: { userId: string; channelId: string; isSubagent: boolean; parentChannelId: string | null },
): Promise<AgentFields> {
  if (!isSubagent) return { isSubagent: false, parentAgentId: null }
  if (!parentChannelId) throw invalidParent('A subagent needs a parentChannelId')
  await lockAgentHierarchy(tx, provider, userId)
  const parent = await findAgent(tx, parentChannelId)
  if (!parent) throw new AppError(404, 'Parent agent not found')
  if (parent.ownerId !== userId) throw new AppError(403, 'Not your agent')
  let ancestor: string | null = parent.id
  for (let depth = 0; ancestor; depth++) {
    if (ancestor === channelId)
      throw invalidParent('Parent cycle: the parent is this agent or one of its subagents')
    if (depth >= MAX_SUBAGENT_DEPTH)
      throw invalidParent(`Subagents nest at most ${MAX_SUBAGENT_DEPTH} levels deep`)
    ancestor = await findParentAgentId(tx, ancestor)
  }
  return { isSubagent: true, parentAgentId: parent.id }
}

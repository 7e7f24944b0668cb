import { MASKED_SECRET, type Agent, type AgentCommand, type AgentStatus, type WebhookAuth, type WebhookHeaders } from '@placet/protocol'
import type { Tx } from './database.ts'

export type AgentRow = Awaited<ReturnType<Tx['agent']['findUniqueOrThrow']>>

/**
 * The wire view of an agent (spec 1.3): secrets read as `***` (webhook password, management
 * key) and the webhook signing secret never leaves the server.
 */
export function toAgent(row: AgentRow): Agent {
  const auth = row.webhookAuth as WebhookAuth | null
  return {
    id: row.id,
    ownerId: row.ownerId,
    name: row.name,
    description: row.description,
    avatarUrl: row.avatarUrl,
    webhookUrl: row.webhookUrl,
    webhookHeaders: (row.webhookHeaders as WebhookHeaders | null) ?? null,
    webhookAuth: auth ? { username: auth.username, password: MASKED_SECRET } : null,
    webhookEvents: (row.webhookEvents as string[] | null) ?? null,
    status: row.status as AgentStatus,
    statusMessage: row.statusMessage,
    statusSince: row.statusSince?.toISOString() ?? null,
    lastActiveAt: row.lastActiveAt?.toISOString() ?? null,
    commands: (row.commands as AgentCommand[] | null) ?? null,
    tag: row.tag,
    managementUrl: row.managementUrl,
    managementApiKey: row.managementApiKey ? MASKED_SECRET : null,
    isSubagent: row.isSubagent,
    parentAgentId: row.parentAgentId,
    createdAt: row.createdAt.toISOString(),
  }
}

/** Agents of a user, newest first (spec 2.3). */
export async function listAgentRows(tx: Tx, ownerId: string): Promise<AgentRow[]> {
  return tx.agent.findMany({ where: { ownerId }, orderBy: { createdAt: 'desc' } })
}

/** The agent if it exists at all (ownership is the caller's check). */
export async function findAgentRow(tx: Tx, id: string): Promise<AgentRow | null> {
  return tx.agent.findUnique({ where: { id } })
}

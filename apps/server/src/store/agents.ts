import {
  MASKED_SECRET,
  type Agent,
  type AgentCommand,
  type AgentStatus,
  type WebhookAuth,
  type WebhookHeaders,
} from '@placet/protocol'
import type { Provider, Tx } from './database.ts'
import { Prisma } from './generated/sqlite/client.ts'

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

/** Agent fields the domain writes: `null` clears a field, a missing key leaves it alone. */
export type AgentFields = Partial<{
  name: string
  description: string | null
  avatarUrl: string | null
  webhookUrl: string | null
  webhookHeaders: WebhookHeaders | null
  webhookAuth: WebhookAuth | null
  webhookEvents: string[] | null
  webhookSecret: string | null
  webhookPreviousSecret: string | null
  webhookSecretRotatedAt: Date | null
  webhookDisabledAt: Date | null
  commands: AgentCommand[] | null
  tag: string | null
  managementUrl: string | null
  managementApiKey: string | null
  isSubagent: boolean
  parentAgentId: string | null
}>

/** Prisma wants `DbNull`, not `null`, to clear a JSON column; `undefined` leaves it alone. */
function toJsonColumn(value: object | null | undefined) {
  return value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue | undefined)
}

function toRowData({
  webhookHeaders,
  webhookAuth,
  webhookEvents,
  commands,
  ...plain
}: AgentFields) {
  return {
    ...plain,
    webhookHeaders: toJsonColumn(webhookHeaders),
    webhookAuth: toJsonColumn(webhookAuth),
    webhookEvents: toJsonColumn(webhookEvents),
    commands: toJsonColumn(commands),
  } satisfies Prisma.AgentUncheckedUpdateInput
}

/** The stored webhook credentials, unmasked (for the server's own use only). */
export function webhookAuthOf(row: AgentRow): WebhookAuth | null {
  return (row.webhookAuth as WebhookAuth | null) ?? null
}

export async function insertAgentRow(
  tx: Tx,
  ownerId: string,
  fields: AgentFields & { name: string },
): Promise<AgentRow> {
  return tx.agent.create({ data: { ...toRowData(fields), name: fields.name, ownerId } })
}

export async function updateAgentRow(tx: Tx, id: string, fields: AgentFields): Promise<AgentRow> {
  return tx.agent.update({ where: { id }, data: toRowData(fields) })
}

/**
 * Deletes an agent; its messages, files, history and deliveries go with it (foreign keys
 * cascade). Its subagents become top-level agents, since a subagent needs a parent (spec 2.3).
 */
export async function deleteAgentRow(tx: Tx, id: string): Promise<void> {
  await tx.agent.updateMany({
    where: { parentAgentId: id },
    data: { isSubagent: false, parentAgentId: null },
  })
  await tx.agent.delete({ where: { id } })
}

/** The parent of an agent, or null at the top (or when the agent is gone). */
export async function findParentAgentId(tx: Tx, id: string): Promise<string | null> {
  const row = await tx.agent.findUnique({ where: { id }, select: { parentAgentId: true } })
  return row?.parentAgentId ?? null
}

/**
 * Serialises hierarchy changes of one owner's agents on PostgreSQL (the owner's user row is
 * locked until commit), so two concurrent setSubagent calls cannot close a cycle between them.
 * SQLite has one writer, which already gives that.
 */
export async function lockAgentHierarchy(
  tx: Tx,
  provider: Provider,
  ownerId: string,
): Promise<void> {
  if (provider === 'postgresql')
    await tx.$queryRawUnsafe('SELECT 1 FROM "User" WHERE "id" = $1 FOR UPDATE', ownerId)
}

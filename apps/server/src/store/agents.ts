import {
  MASKED_SECRET,
  type Agent,
  type AgentCommand,
  type AgentStatus,
  type WebhookAuth,
  type WebhookHeaders,
} from '@placet/protocol'
import { sqlOf, type Provider, type Tx } from './database.ts'
import {
  columnBoolean,
  columnDate,
  columnJson,
  columnOptionalDate,
  type DriverRow,
} from './direct-sql.ts'
import { Prisma } from './generated/sqlite/client.ts'

type AgentRow = Awaited<ReturnType<Tx['agent']['findUniqueOrThrow']>>

/**
 * An agent as the store hands it out: every column, secrets unmasked (for the server's own
 * use only), the JSON columns typed.
 */
export type AgentRecord = {
  id: string
  ownerId: string
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
  status: AgentStatus
  statusMessage: string | null
  statusSince: Date | null
  lastActiveAt: Date | null
  commands: AgentCommand[] | null
  tag: string | null
  managementUrl: string | null
  managementApiKey: string | null
  isSubagent: boolean
  parentAgentId: string | null
  createdAt: Date
  updatedAt: Date
}

export function toAgentRecord(row: DriverRow<AgentRow>): AgentRecord {
  return {
    id: row.id,
    ownerId: row.ownerId,
    name: row.name,
    description: row.description,
    avatarUrl: row.avatarUrl,
    webhookUrl: row.webhookUrl,
    webhookHeaders: columnJson<WebhookHeaders>(row.webhookHeaders),
    webhookAuth: columnJson<WebhookAuth>(row.webhookAuth),
    webhookEvents: columnJson<string[]>(row.webhookEvents),
    webhookSecret: row.webhookSecret,
    webhookPreviousSecret: row.webhookPreviousSecret,
    webhookSecretRotatedAt: columnOptionalDate(row.webhookSecretRotatedAt),
    webhookDisabledAt: columnOptionalDate(row.webhookDisabledAt),
    status: row.status as AgentStatus,
    statusMessage: row.statusMessage,
    statusSince: columnOptionalDate(row.statusSince),
    lastActiveAt: columnOptionalDate(row.lastActiveAt),
    commands: columnJson<AgentCommand[]>(row.commands),
    tag: row.tag,
    managementUrl: row.managementUrl,
    managementApiKey: row.managementApiKey,
    isSubagent: columnBoolean(row.isSubagent),
    parentAgentId: row.parentAgentId,
    createdAt: columnDate(row.createdAt),
    updatedAt: columnDate(row.updatedAt),
  }
}

/**
 * The wire view of an agent (spec 1.3): secrets read as `***` (webhook password, management
 * key) and the webhook signing secret never leaves the server.
 */
export function toAgent(agent: AgentRecord): Agent {
  const auth = agent.webhookAuth
  return {
    id: agent.id,
    ownerId: agent.ownerId,
    name: agent.name,
    description: agent.description,
    avatarUrl: agent.avatarUrl,
    webhookUrl: agent.webhookUrl,
    webhookHeaders: agent.webhookHeaders,
    webhookAuth: auth ? { username: auth.username, password: MASKED_SECRET } : null,
    webhookEvents: agent.webhookEvents,
    status: agent.status,
    statusMessage: agent.statusMessage,
    statusSince: agent.statusSince?.toISOString() ?? null,
    lastActiveAt: agent.lastActiveAt?.toISOString() ?? null,
    commands: agent.commands,
    tag: agent.tag,
    managementUrl: agent.managementUrl,
    managementApiKey: agent.managementApiKey ? MASKED_SECRET : null,
    isSubagent: agent.isSubagent,
    parentAgentId: agent.parentAgentId,
    createdAt: agent.createdAt.toISOString(),
  }
}

/** Agents of a user, newest first (spec 2.3). */
export async function listAgents(tx: Tx, ownerId: string): Promise<AgentRecord[]> {
  const rows = await tx.agent.findMany({ where: { ownerId }, orderBy: { createdAt: 'desc' } })
  return rows.map(toAgentRecord)
}

/**
 * The agent if it exists at all (ownership is the caller's check): the channel check of every
 * hot request, hence a direct statement (issue 12).
 */
export async function findAgent(tx: Tx, id: string): Promise<AgentRecord | null> {
  const [row] = await sqlOf(tx).query<DriverRow<AgentRow>>('SELECT * FROM "Agent" WHERE "id" = ?', [
    id,
  ])
  return row ? toAgentRecord(row) : null
}

/** Agent fields the domain writes: `null` clears a field, a missing key leaves it alone. */
export type AgentFields = Partial<
  Omit<
    AgentRecord,
    | 'id'
    | 'ownerId'
    | 'status'
    | 'statusMessage'
    | 'statusSince'
    | 'lastActiveAt'
    | 'createdAt'
    | 'updatedAt'
  >
>

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

export async function insertAgent(
  tx: Tx,
  ownerId: string,
  fields: AgentFields & { name: string },
): Promise<AgentRecord> {
  const row = await tx.agent.create({ data: { ...toRowData(fields), name: fields.name, ownerId } })
  return toAgentRecord(row)
}

export async function updateAgent(tx: Tx, id: string, fields: AgentFields): Promise<AgentRecord> {
  return toAgentRecord(await tx.agent.update({ where: { id }, data: toRowData(fields) }))
}

/**
 * Deletes an agent; its messages, files, history and deliveries go with it (foreign keys
 * cascade). Its subagents become top-level agents, since a subagent needs a parent (spec 2.3).
 */
export async function deleteAgent(tx: Tx, id: string): Promise<void> {
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

import { z } from 'zod'
import { Id, IsoDate } from './common.js'

/** Heartbeat status of an agent (spec 1.3, 1.11). */
export const AgentStatus = z.enum(['active', 'busy', 'error', 'offline'])
export type AgentStatus = z.infer<typeof AgentStatus>

/** A slash command an agent offers in the chat input (spec 1.3). */
export const AgentCommand = z.object({
  command: z.string().trim().min(1).max(64),
  description: z.string().max(500),
  acceptsArgs: z.boolean().optional(),
  argHint: z.string().max(200).optional(),
})
export type AgentCommand = z.infer<typeof AgentCommand>

/** HTTP Basic credentials sent with the channel webhook. Reads return the password as `***`. */
export const WebhookAuth = z.object({
  username: z.string().max(256),
  password: z.string().max(1024),
})
export type WebhookAuth = z.infer<typeof WebhookAuth>

/** Extra headers sent with every channel webhook. */
export const WebhookHeaders = z.record(z.string().min(1).max(256), z.string().max(4096))
export type WebhookHeaders = z.infer<typeof WebhookHeaders>

/** The value every secret reads as (spec 1.3: `webhookAuth.password`, `managementApiKey`). */
export const MASKED_SECRET = '***'

/**
 * An agent, which is also its channel: `id` is the `channelId` (spec 1.3). Secrets are masked.
 *
 * @example
 * const isOnline = (agent: Agent) => agent.status !== 'offline'
 */
export const Agent = z.object({
  id: Id,
  ownerId: Id,
  name: z.string(),
  description: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  webhookUrl: z.string().nullable(),
  webhookHeaders: WebhookHeaders.nullable(),
  webhookAuth: WebhookAuth.nullable(),
  /** Events the channel webhook receives beyond Placet's three (`review:cancelled`, `agent:status`). */
  webhookEvents: z.array(z.string()).nullable(),
  status: AgentStatus,
  statusMessage: z.string().nullable(),
  statusSince: IsoDate.nullable(),
  lastActiveAt: IsoDate.nullable(),
  commands: z.array(AgentCommand).nullable(),
  tag: z.string().nullable(),
  managementUrl: z.string().nullable(),
  managementApiKey: z.string().nullable(),
  isSubagent: z.boolean(),
  parentAgentId: z.string().nullable(),
  createdAt: IsoDate,
})
export type Agent = z.infer<typeof Agent>

/**
 * The version of an agent's uploaded avatar, or null when it has none. An upload stores the
 * object key `avatars/<agentId>/<timestamp>` in `avatarUrl` (spec 1.3); anything else there (an
 * agent's own URL, a key naming another agent) is not an uploaded avatar of this agent.
 *
 * @example
 * const version = uploadedAvatarVersion(agent.id, agent.avatarUrl)
 * const src = version ? `/api/agents/${agent.id}/avatar?v=${version}` : null
 */
export function uploadedAvatarVersion(agentId: string, avatarUrl: string | null): string | null {
  const prefix = `avatars/${agentId}/`
  if (!avatarUrl?.startsWith(prefix)) return null
  const version = avatarUrl.slice(prefix.length)
  return /^\d{1,20}$/.test(version) ? version : null
}

/** A row of `GET /api/agents`: the agent plus its inbox figures (spec 3.4). */
export const AgentListItem = Agent.extend({
  lastMessage: z.string().nullable(),
  lastMessageTime: IsoDate.nullable(),
  unreadCount: z.number().int(),
})
export type AgentListItem = z.infer<typeof AgentListItem>

const WebhookUrl = z.url({ protocol: /^https?$/ }).max(2048)
const Tag = z.string().trim().max(64)

/** `POST /api/v1/agents` and `POST /api/agents`. */
export const CreateAgentBody = z.object({
  name: z.string().trim().min(1).max(128),
  description: z.string().max(2000).optional(),
  avatarUrl: z.string().max(2048).optional(),
  webhookUrl: WebhookUrl.optional(),
  tag: Tag.optional(),
})
export type CreateAgentBody = z.infer<typeof CreateAgentBody>

/** `PATCH /api/v1/agents/:id` and `PATCH /api/agents/:id`: `null` clears a field. */
export const UpdateAgentBody = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  description: z.string().max(2000).nullable().optional(),
  avatarUrl: z.string().max(2048).nullable().optional(),
  webhookUrl: WebhookUrl.nullable().optional(),
  webhookHeaders: WebhookHeaders.nullable().optional(),
  /** A password of `***` keeps the stored one, so a form that echoes the mask loses nothing (spec 9.3.5). */
  webhookAuth: WebhookAuth.nullable().optional(),
  tag: Tag.nullable().optional(),
})
export type UpdateAgentBody = z.infer<typeof UpdateAgentBody>

/**
 * Spec 2.3: a subagent needs a parent, a top-level agent has none, and no channel is its own
 * parent.
 */
function checkSubagentFields(
  body: { channelId: string; isSubagent?: boolean; parentChannelId?: string | null },
  ctx: z.RefinementCtx,
) {
  const path = ['parentChannelId']
  if (body.isSubagent === true && !body.parentChannelId)
    ctx.addIssue({ code: 'custom', message: 'A subagent needs a parentChannelId', path })
  if (body.isSubagent === false && body.parentChannelId)
    ctx.addIssue({ code: 'custom', message: 'Only a subagent has a parent', path })
  if (body.parentChannelId && body.parentChannelId === body.channelId) {
    ctx.addIssue({ code: 'custom', message: 'A channel cannot be its own parent', path })
  }
}

/** `POST /api/v1/agents/setWebhook`: replaces url, headers and auth (left-out ones are cleared). */
export const SetWebhookBody = z
  .object({
    channelId: Id,
    url: WebhookUrl,
    headers: WebhookHeaders.optional(),
    auth: WebhookAuth.optional(),
    management: z.object({ url: WebhookUrl, apiKey: z.string().min(1).max(1024) }).optional(),
    isSubagent: z.boolean().optional(),
    parentChannelId: Id.nullable().optional(),
    /** Opt-in events beyond Placet's three. */
    events: z.array(z.enum(['review:cancelled', 'agent:status'])).optional(),
  })
  .superRefine(checkSubagentFields)
export type SetWebhookBody = z.infer<typeof SetWebhookBody>

/** The prefix of a Standard Webhooks signing secret: `whsec_` + base64 of the HMAC key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/**
 * The base64 HMAC key inside a `whsec_…` secret, the one reading of a secret that the server
 * signs with and the SDK verifies with (a bare base64 secret is taken as it is).
 *
 * @example
 * const key = Buffer.from(webhookSecretKey(agent.webhookSecret), 'base64')
 */
export function webhookSecretKey(secret: string): string {
  return secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret
}

/**
 * An agent with its Standard Webhooks signing secret, shown this once. rotateWebhookSecret
 * always answers with it; setWebhook, and a create or PATCH with a webhookUrl, only when they
 * created the agent's first secret (an existing one is kept, so re-registering on every start
 * does not break receivers). Reads never carry it.
 */
export const AgentWithWebhookSecret = Agent.extend({
  webhookSecret: z.string().regex(new RegExp(`^${WEBHOOK_SECRET_PREFIX}[A-Za-z0-9+/=]+$`)),
})
export type AgentWithWebhookSecret = z.infer<typeof AgentWithWebhookSecret>

/** Bodies that only name a channel: deleteWebhook, rotateWebhookSecret. */
export const ChannelBody = z.object({ channelId: Id })
export type ChannelBody = z.infer<typeof ChannelBody>

/** `POST /api/v1/agents/setTag`. */
export const SetTagBody = z.object({ channelId: Id, tag: Tag.nullable() })
export type SetTagBody = z.infer<typeof SetTagBody>

/** `POST /api/v1/agents/setManagement`: both set, or both null. */
export const SetManagementBody = z
  .object({
    channelId: Id,
    url: WebhookUrl.nullable(),
    apiKey: z.string().min(1).max(1024).nullable(),
  })
  .refine((body) => (body.url === null) === (body.apiKey === null), {
    message: 'url and apiKey must both be set or both be null',
    path: ['apiKey'],
  })
export type SetManagementBody = z.infer<typeof SetManagementBody>

/** `POST /api/v1/agents/setSubagent`. Deeper cycles are the server's check (spec 2.3). */
export const SetSubagentBody = z
  .object({
    channelId: Id,
    isSubagent: z.boolean(),
    parentChannelId: Id.nullable().optional(),
  })
  .superRefine(checkSubagentFields)
export type SetSubagentBody = z.infer<typeof SetSubagentBody>

/** `PUT /api/v1/agents/:id/commands`. */
export const SetCommandsBody = z.object({ commands: z.array(AgentCommand).max(100) })
export type SetCommandsBody = z.infer<typeof SetCommandsBody>

/** `POST /api/v1/status/ping` (spec 2.4). */
export const StatusPingBody = z.object({
  agentId: Id,
  status: AgentStatus,
  message: z.string().max(500).nullable().optional(),
})
export type StatusPingBody = z.infer<typeof StatusPingBody>

/** A row of an agent's status history, written only when the status changes. */
export const AgentStatusHistory = z.object({
  id: Id,
  agentId: Id,
  status: AgentStatus,
  message: z.string().nullable(),
  createdAt: IsoDate,
})
export type AgentStatusHistory = z.infer<typeof AgentStatusHistory>

/** `GET /api/agents/stats`. */
export const AgentsOverviewStats = z.object({
  totalAgents: z.number().int(),
  activeAgents: z.number().int(),
  totalMessages: z.number().int(),
  successRequests: z.number().int(),
  errorRequests: z.number().int(),
})
export type AgentsOverviewStats = z.infer<typeof AgentsOverviewStats>

/** `GET /api/agents/:id/stats`. */
export const AgentStats = z.object({
  totalMessages: z.number().int(),
  totalInbound: z.number().int(),
  totalOutbound: z.number().int(),
  successRequests: z.number().int(),
  errorRequests: z.number().int(),
  statusHistory: z.array(AgentStatusHistory),
})
export type AgentStats = z.infer<typeof AgentStats>

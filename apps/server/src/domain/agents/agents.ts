import {
  MASKED_SECRET,
  type Agent,
  type AgentCommand,
  type AgentWithWebhookSecret,
  type CreateAgentBody,
  type SetManagementBody,
  type SetSubagentBody,
  type SetTagBody,
  type SetWebhookBody,
  type UpdateAgentBody,
  type WebhookAuth,
} from '@placet/protocol'
import type { Config } from '../../config.ts'
import { listStorageKeysOfChannel } from '../../store/attachments.ts'
import type { FileStorage } from '../files/file-storage.ts'
import type { Database, Tx } from '../../store/database.ts'
import {
  deleteAgent,
  insertAgent,
  listAgents,
  toAgent,
  updateAgent,
  type AgentFields,
  type AgentRecord,
} from '../../store/agents.ts'
import { avatarStorageKeyOf } from './agent-avatars.ts'
import { resolveSubagentFields } from './agent-hierarchy.ts'
import { requireOwnedChannel } from './channel-access.ts'
import { AppError } from '../errors.ts'
import { assertWebhookUrlAllowed } from '../webhooks/webhook-url-guard.ts'
import {
  ensureWebhookSecret,
  rotateWebhookSecret,
  type SecretChange,
} from '../webhooks/webhook-secrets.ts'

/** The agent, plus its signing secret when this call created one (shown that once). */
function withSecret(row: AgentRecord, shownSecret: string | null): Agent | AgentWithWebhookSecret {
  return shownSecret ? { ...toAgent(row), webhookSecret: shownSecret } : toAgent(row)
}

/**
 * Webhook credentials as a form sends them back: a password of `***` is the mask it was shown,
 * so the stored password stays (spec 9.3.5) instead of being overwritten with the mask.
 */
function resolveWebhookAuth(
  row: AgentRecord | null,
  auth: WebhookAuth | null,
  path: (string | number)[],
): WebhookAuth | null {
  if (!auth || auth.password !== MASKED_SECRET) return auth
  const stored = row?.webhookAuth
  if (!stored) {
    const message = 'There is no stored password to keep; send the real password'
    throw new AppError(400, 'Validation failed', [{ code: 'custom', message, path }])
  }
  return { username: auth.username, password: stored.password }
}

/**
 * Agents, which are also channels (spec 1.3, 2.3, 3.4). Every webhook URL passes the SSRF
 * guard when it is registered; registering the first one creates the signing secret.
 */
export class AgentService {
  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly storage: FileStorage,
  ) {}

  async list(userId: string): Promise<Agent[]> {
    return (await this.db.read((tx) => listAgents(tx, userId))).map(toAgent)
  }

  /** A new agent; with a webhookUrl it also gets its signing secret, shown in this answer. */
  async create(userId: string, body: CreateAgentBody): Promise<Agent | AgentWithWebhookSecret> {
    if (body.webhookUrl) await this.assertUrl(body.webhookUrl, 'webhookUrl')
    const secret: SecretChange = body.webhookUrl
      ? ensureWebhookSecret(null)
      : { fields: {}, shownSecret: null }
    const row = await this.db.transaction((tx) =>
      insertAgent(tx, userId, { ...body, ...secret.fields }),
    )
    return withSecret(row, secret.shownSecret)
  }

  /** Spec 2.3 PATCH: `null` clears a field. A webhookUrl re-enables a disabled endpoint. */
  async update(
    userId: string,
    id: string,
    body: UpdateAgentBody,
  ): Promise<Agent | AgentWithWebhookSecret> {
    if (body.webhookUrl) await this.assertUrl(body.webhookUrl, 'webhookUrl')
    let replacedAvatarKey: string | null = null
    const agent = await this.db.transaction(async (tx) => {
      const row = await requireOwnedChannel(tx, userId, id)
      // An uploaded avatar replaced through avatarUrl would otherwise stay in storage for good.
      const avatarKey = avatarStorageKeyOf(row)
      if (body.avatarUrl !== undefined && body.avatarUrl !== avatarKey)
        replacedAvatarKey = avatarKey
      const { webhookAuth, ...fields } = body
      const secret: SecretChange = body.webhookUrl
        ? ensureWebhookSecret(row)
        : { fields: {}, shownSecret: null }
      const updated = await updateAgent(tx, id, {
        ...fields,
        ...(webhookAuth !== undefined
          ? { webhookAuth: resolveWebhookAuth(row, webhookAuth, ['webhookAuth', 'password']) }
          : {}),
        ...(body.webhookUrl ? { webhookDisabledAt: null } : {}),
        ...secret.fields,
      })
      return withSecret(updated, secret.shownSecret)
    })
    if (replacedAvatarKey) await this.storage.remove([replacedAvatarKey])
    return agent
  }

  /**
   * Messages, files and history cascade; subagents become top-level (store/agents.ts). The
   * files' bytes are removed once the rows are gone (Placet leaves them behind, spec 9.3.9).
   */
  async delete(userId: string, id: string): Promise<void> {
    const storageKeys = await this.db.transaction(async (tx) => {
      const row = await requireOwnedChannel(tx, userId, id)
      const keys = await listStorageKeysOfChannel(tx, id)
      const avatarKey = avatarStorageKeyOf(row)
      await deleteAgent(tx, id)
      return avatarKey ? [...keys, avatarKey] : keys
    })
    await this.storage.remove(storageKeys)
  }

  /**
   * Spec 2.3 setWebhook: replaces url, headers, auth and the opted-in events (left-out ones are
   * cleared), re-enables an endpoint disabled by a 410, and applies management and subagent
   * settings when given. The answer carries `webhookSecret` only when the agent had none.
   */
  async setWebhook(userId: string, body: SetWebhookBody): Promise<Agent | AgentWithWebhookSecret> {
    await this.assertUrl(body.url, 'url')
    return this.db.transaction(async (tx) => {
      const row = await requireOwnedChannel(tx, userId, body.channelId)
      const secret = ensureWebhookSecret(row)
      const fields: AgentFields = {
        webhookUrl: body.url,
        webhookHeaders: body.headers ?? null,
        webhookAuth: resolveWebhookAuth(row, body.auth ?? null, ['auth', 'password']),
        webhookEvents: body.events ?? null,
        webhookDisabledAt: null,
        ...secret.fields,
        ...(body.management
          ? { managementUrl: body.management.url, managementApiKey: body.management.apiKey }
          : {}),
        ...(await this.subagentFieldsOf(tx, userId, body)),
      }
      return withSecret(await updateAgent(tx, row.id, fields), secret.shownSecret)
    })
  }

  /** Clears url, headers, auth and events. The secret stays, so a later setWebhook keeps it. */
  async deleteWebhook(userId: string, channelId: string): Promise<Agent> {
    return this.updateOwned(userId, channelId, {
      webhookUrl: null,
      webhookHeaders: null,
      webhookAuth: null,
      webhookEvents: null,
    })
  }

  /** A new signing secret, shown once; the old one stays valid for the rotation window. */
  async rotateWebhookSecret(userId: string, channelId: string): Promise<AgentWithWebhookSecret> {
    return this.db.transaction(async (tx) => {
      const row = await requireOwnedChannel(tx, userId, channelId)
      const { fields, shownSecret } = rotateWebhookSecret(row, new Date())
      return { ...toAgent(await updateAgent(tx, row.id, fields)), webhookSecret: shownSecret }
    })
  }

  async setTag(userId: string, { channelId, tag }: SetTagBody): Promise<Agent> {
    return this.updateOwned(userId, channelId, { tag: tag || null })
  }

  /** Both set, or both null to clear (the schema enforces the pair). */
  async setManagement(
    userId: string,
    { channelId, url, apiKey }: SetManagementBody,
  ): Promise<Agent> {
    return this.updateOwned(userId, channelId, { managementUrl: url, managementApiKey: apiKey })
  }

  async setSubagent(userId: string, body: SetSubagentBody): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      await requireOwnedChannel(tx, userId, body.channelId)
      return toAgent(
        await updateAgent(tx, body.channelId, await this.subagentFieldsOf(tx, userId, body)),
      )
    })
  }

  async setCommands(userId: string, id: string, commands: AgentCommand[]): Promise<Agent> {
    return this.updateOwned(userId, id, { commands })
  }

  private async updateOwned(
    userId: string,
    channelId: string,
    fields: AgentFields,
  ): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      await requireOwnedChannel(tx, userId, channelId)
      return toAgent(await updateAgent(tx, channelId, fields))
    })
  }

  /**
   * Subagent settings when the body has any: `isSubagent` decides, and a parent alone (as
   * setWebhook allows) implies a subagent.
   */
  private async subagentFieldsOf(
    tx: Tx,
    userId: string,
    {
      channelId,
      isSubagent,
      parentChannelId,
    }: { channelId: string; isSubagent?: boolean; parentChannelId?: string | null },
  ): Promise<AgentFields> {
    if (isSubagent === undefined && parentChannelId === undefined) return {}
    return resolveSubagentFields(tx, this.db.provider, {
      userId,
      channelId,
      isSubagent: isSubagent ?? Boolean(parentChannelId),
      parentChannelId: parentChannelId ?? null,
    })
  }

  private assertUrl(url: string, field: string): Promise<void> {
    return assertWebhookUrlAllowed(url, this.config.webhooks.allowPrivate, field)
  }
}

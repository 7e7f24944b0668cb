'use client'

import {
  Agent,
  AgentWithWebhookSecret,
  DeletedResponse,
  type AgentListItem,
  type UpdateAgentBody,
} from '@placet/protocol'
import * as Dialog from '@radix-ui/react-dialog'
import { useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { ROUTES } from '../../../../lib/routes'
import { CopyButton } from '../../_components/copy-button'
import { AgentAvatar } from './agent-avatar'
import { AGENTS_KEY } from './use-agents'
import { WebhookDeliveryLog } from './webhook-delivery-log'

type Notice = { kind: 'ok' | 'error'; text: string } | null

/** "Name: value" lines ⇄ the webhook header map. */
function headersToText(headers: Record<string, string> | null): string {
  return Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n')
}
function textToHeaders(text: string): Record<string, string> | null {
  const entries = text
    .split('\n')
    .map((line) => line.split(/:(.*)/s).map((part) => part.trim()))
    .filter(([name]) => name)
    .map(([name, value]) => [name!, value ?? ''] as const)
  return entries.length > 0 ? Object.fromEntries(entries) : null
}

/** Per-agent settings of spec 6.2: avatar, rename, id, webhook, secret, delivery log, delete. */
export function ChatSettingsDialog({ agent }: { agent: AgentListItem }) {
  const router = useRouter()
  const queryClient = useQueryClient()
  const [notice, setNotice] = useState<Notice>(null)
  const [secret, setSecret] = useState<string | null>(null)
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false)

  /** Sends one change of this agent (its fields, or its avatar) and reloads the chat list. */
  async function change(
    path: '' | '/avatar',
    request: { method: 'PATCH' | 'POST' | 'DELETE'; body?: UpdateAgentBody | FormData },
    done: string,
  ) {
    try {
      await apiRequest(`/api/agents/${encodeURIComponent(agent.id)}${path}`, {
        ...request,
        schema: Agent,
      })
      await queryClient.invalidateQueries({ queryKey: AGENTS_KEY })
      setNotice({ kind: 'ok', text: done })
    } catch (error) {
      setNotice({ kind: 'error', text: describeRequestError(error) })
    }
  }

  function saveName(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    void change('', { method: 'PATCH', body: { name } }, 'Name saved.')
  }

  function saveWebhook(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const url = String(form.get('webhookUrl') ?? '').trim()
    const username = String(form.get('username') ?? '').trim()
    const password = String(form.get('password') ?? '')
    const body: UpdateAgentBody = {
      webhookUrl: url || null,
      webhookHeaders: textToHeaders(String(form.get('headers') ?? '')),
    }
    // The stored password reads back masked; an empty field keeps it.
    if (!username) body.webhookAuth = null
    else if (password) body.webhookAuth = { username, password }
    void change('', { method: 'PATCH', body }, 'Webhook saved.')
  }

  function uploadAvatar(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0]
    // Cleared so choosing the same file again still counts as a change.
    event.currentTarget.value = ''
    if (!file) return
    const form = new FormData()
    form.append('file', file, file.name)
    void change('/avatar', { method: 'POST', body: form }, 'Avatar saved.')
  }

  async function rotateSecret() {
    try {
      const rotated = await apiRequest(
        `/api/agents/${encodeURIComponent(agent.id)}/rotate-webhook-secret`,
        { method: 'POST', schema: AgentWithWebhookSecret },
      )
      setSecret(rotated.webhookSecret)
      setNotice(null)
    } catch (error) {
      setNotice({ kind: 'error', text: describeRequestError(error) })
    }
  }

  async function deleteAgent() {
    try {
      await apiRequest(`/api/agents/${encodeURIComponent(agent.id)}`, {
        method: 'DELETE',
        schema: DeletedResponse,
      })
      await queryClient.invalidateQueries({ queryKey: AGENTS_KEY })
      router.replace(ROUTES.chats)
    } catch (error) {
      setNotice({ kind: 'error', text: describeRequestError(error) })
    }
  }

  return (
    <Dialog.Root
      onOpenChange={(isOpen) => {
        if (isOpen) return
        setSecret(null)
        setNotice(null)
        setIsConfirmingDelete(false)
      }}
    >
      <Dialog.Trigger
        className="button button-secondary chat-settings-trigger"
        aria-label="Chat settings"
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="2" />
          <path
            d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
          />
        </svg>
        <span className="wide-only">Chat settings</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog sheet" aria-describedby={undefined}>
          <Dialog.Title>Settings of {agent.name}</Dialog.Title>
          {notice && (
            <p
              className={notice.kind === 'ok' ? 'notice' : 'alert'}
              role={notice.kind === 'ok' ? 'status' : 'alert'}
            >
              {notice.text}
            </p>
          )}

          <section className="settings-block" aria-labelledby="agent-id-title">
            <h3 id="agent-id-title">Agent id</h3>
            <div className="copy-row">
              <code data-testid="agent-id">{agent.id}</code>
              <CopyButton value={agent.id} label="Copy agent id" />
            </div>
          </section>

          <section className="settings-block" aria-labelledby="avatar-title">
            <h3 id="avatar-title">Avatar</h3>
            <div className="avatar-row">
              <AgentAvatar
                agentId={agent.id}
                name={agent.name}
                avatarUrl={agent.avatarUrl}
                size={56}
              />
              <div className="avatar-actions">
                {/* The label is the visible button; the file input stays reachable by keyboard. */}
                <label className="button button-secondary file-button">
                  Upload avatar
                  <input
                    className="visually-hidden"
                    type="file"
                    accept="image/png,image/jpeg,image/gif,image/webp"
                    onChange={uploadAvatar}
                  />
                </label>
                {agent.avatarUrl && (
                  <button
                    className="button button-secondary"
                    type="button"
                    onClick={() => void change('/avatar', { method: 'DELETE' }, 'Avatar removed.')}
                  >
                    Remove avatar
                  </button>
                )}
              </div>
            </div>
            <p className="hint">PNG, JPEG, GIF or WebP; a small square picture works best.</p>
          </section>

          <form className="form settings-block" onSubmit={saveName}>
            <div className="field">
              <label htmlFor="agent-name">Name</label>
              <input
                id="agent-name"
                name="name"
                defaultValue={agent.name}
                required
                maxLength={128}
              />
            </div>
            <button className="button" type="submit">
              Rename
            </button>
          </form>

          <form className="form settings-block" onSubmit={saveWebhook}>
            <h3>Webhook</h3>
            <div className="field">
              <label htmlFor="agent-webhook-url">Webhook URL</label>
              <input
                id="agent-webhook-url"
                name="webhookUrl"
                type="url"
                defaultValue={agent.webhookUrl ?? ''}
                placeholder="https://agent.example/webhook"
              />
            </div>
            <div className="field">
              <label htmlFor="agent-webhook-headers">
                Extra headers, one &quot;Name: value&quot; per line
              </label>
              <textarea
                id="agent-webhook-headers"
                name="headers"
                rows={2}
                defaultValue={headersToText(agent.webhookHeaders)}
              />
            </div>
            <div className="field">
              <label htmlFor="agent-webhook-user">Basic auth user</label>
              <input
                id="agent-webhook-user"
                name="username"
                autoComplete="off"
                defaultValue={agent.webhookAuth?.username ?? ''}
              />
            </div>
            <div className="field">
              <label htmlFor="agent-webhook-password">Basic auth password</label>
              <input
                id="agent-webhook-password"
                name="password"
                type="password"
                autoComplete="new-password"
                placeholder={agent.webhookAuth ? 'unchanged' : ''}
              />
            </div>
            <button className="button" type="submit">
              Save webhook
            </button>
          </form>

          <section className="settings-block" aria-labelledby="secret-title">
            <h3 id="secret-title">Signing secret</h3>
            <p className="hint">
              Webhooks are signed with this secret. It is shown once; rotating keeps the old one
              valid for a while so the agent can switch.
            </p>
            {secret ? (
              <div className="copy-row" data-testid="webhook-secret">
                <code>{secret}</code>
                <CopyButton value={secret} label="Copy signing secret" />
              </div>
            ) : (
              <button
                className="button button-secondary"
                type="button"
                onClick={() => void rotateSecret()}
              >
                Rotate signing secret
              </button>
            )}
          </section>

          <WebhookDeliveryLog agentId={agent.id} />

          <section className="settings-block danger-zone" aria-labelledby="danger-title">
            <h3 id="danger-title">Danger zone</h3>
            {isConfirmingDelete ? (
              <>
                <p>This deletes the chat, all its messages and files. It cannot be undone.</p>
                <div className="dialog-actions">
                  <button
                    className="button button-secondary"
                    type="button"
                    onClick={() => setIsConfirmingDelete(false)}
                  >
                    Keep it
                  </button>
                  <button
                    className="button button-danger"
                    type="button"
                    onClick={() => void deleteAgent()}
                  >
                    Delete for good
                  </button>
                </div>
              </>
            ) : (
              <button
                className="button button-danger"
                type="button"
                onClick={() => setIsConfirmingDelete(true)}
              >
                Delete agent
              </button>
            )}
          </section>

          <Dialog.Close className="icon-button dialog-close" aria-label="Close settings">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

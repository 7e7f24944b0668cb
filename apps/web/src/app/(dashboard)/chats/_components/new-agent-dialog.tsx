'use client'

import { Agent, CreateAgentBody } from '@placet/protocol'
import * as Dialog from '@radix-ui/react-dialog'
import { useQueryClient } from '@tanstack/react-query'
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { chatRoute } from '../../../../lib/routes'
import { AGENTS_KEY } from './use-agents'

/** "+ New agent" (spec 6.2): `POST /api/agents`, then opens the new chat. */
export function NewAgentDialog() {
  const router = useRouter()
  const queryClient = useQueryClient()
  const [isOpen, setIsOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [isSaving, setIsSaving] = useState(false)

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const parsed = CreateAgentBody.safeParse({
      name: form.get('name'),
      description: form.get('description') || undefined,
      tag: form.get('tag') || undefined,
    })
    if (!parsed.success) {
      setError('Give the agent a name (up to 128 characters) and a tag of up to 64.')
      return
    }
    setIsSaving(true)
    setError(null)
    try {
      const agent = await apiRequest('/api/agents', {
        method: 'POST',
        body: parsed.data,
        schema: Agent,
      })
      await queryClient.invalidateQueries({ queryKey: AGENTS_KEY })
      setIsOpen(false)
      router.push(chatRoute(agent.id))
    } catch (caught) {
      setError(describeRequestError(caught))
    } finally {
      setIsSaving(false)
    }
  }

  return (
    <Dialog.Root open={isOpen} onOpenChange={setIsOpen}>
      <Dialog.Trigger className="button">New agent</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby="new-agent-hint">
          <Dialog.Title>New agent</Dialog.Title>
          <p id="new-agent-hint" className="hint">
            An agent is one chat. Give it an API key from Settings to post into it.
          </p>
          <form className="form" onSubmit={create}>
            <div className="field">
              <label htmlFor="new-agent-name">Name</label>
              <input id="new-agent-name" name="name" required maxLength={128} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="new-agent-description">Description</label>
              <input id="new-agent-description" name="description" maxLength={2000} />
            </div>
            <div className="field">
              <label htmlFor="new-agent-tag">Tag</label>
              <input id="new-agent-tag" name="tag" maxLength={64} />
            </div>
            {error && (
              <p className="alert" role="alert">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close className="button button-secondary" type="button">
                Cancel
              </Dialog.Close>
              <button className="button" type="submit" disabled={isSaving}>
                Create agent
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

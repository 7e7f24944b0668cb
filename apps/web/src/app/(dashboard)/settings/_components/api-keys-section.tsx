'use client'

import { ApiKey, ApiKeyWithSecret, CreateApiKeyBody, DeletedResponse } from '@placet/protocol'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { formatDateTime } from '../../../../lib/format-date-time'
import { CopyButton } from '../../_components/copy-button'

const API_KEYS_KEY = ['api-keys'] as const

/** API keys (spec 3.3, 6.7): the full key is shown once, after create or rotate. */
export function ApiKeysSection() {
  const queryClient = useQueryClient()
  const [shown, setShown] = useState<ApiKeyWithSecret | null>(null)
  const [error, setError] = useState<string | null>(null)
  const keys = useQuery({
    queryKey: API_KEYS_KEY,
    queryFn: ({ signal }) => apiRequest('/api/api-keys', { schema: ApiKey.array(), signal }),
  })

  async function run(action: () => Promise<ApiKeyWithSecret | null>) {
    setError(null)
    try {
      const withSecret = await action()
      if (withSecret) setShown(withSecret)
      await queryClient.invalidateQueries({ queryKey: API_KEYS_KEY })
    } catch (caught) {
      setError(describeRequestError(caught))
    }
  }

  function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const label = String(new FormData(form).get('label') ?? '').trim()
    const body = CreateApiKeyBody.safeParse(label ? { label } : {})
    if (!body.success) {
      setError('A label has 1 to 64 characters.')
      return
    }
    void run(async () => {
      const created = await apiRequest('/api/api-keys', {
        method: 'POST',
        body: body.data,
        schema: ApiKeyWithSecret,
      })
      form.reset()
      return created
    })
  }

  return (
    <section className="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <p className="hint">Agents use a key to post into every chat you own.</p>
      <form className="inline-form" onSubmit={create}>
        <div className="field">
          <label htmlFor="api-key-label">Label</label>
          <input id="api-key-label" name="label" maxLength={64} placeholder="Default" />
        </div>
        <button className="button" type="submit">
          Create key
        </button>
      </form>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <div className="secret-once" role="status" data-testid="new-api-key">
          <p>
            The key <strong>{shown.label}</strong>. Copy it now: it is not shown again.
          </p>
          <div className="copy-row">
            <code data-testid="new-api-key-value">{shown.key}</code>
            <CopyButton value={shown.key} label="Copy key" />
          </div>
          <button type="button" className="link-button" onClick={() => setShown(null)}>
            Hide
          </button>
        </div>
      )}
      {keys.data && keys.data.length > 0 ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id} data-testid="api-key-row">
                <td>{key.label}</td>
                <td>
                  <code>{key.keyPrefix}…</code>
                </td>
                <td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-label={`Rotate ${key.label}`}
                      onClick={() =>
                        void run(() =>
                          apiRequest(`/api/api-keys/${encodeURIComponent(key.id)}/rotate`, {
                            method: 'POST',
                            schema: ApiKeyWithSecret,
                          }),
                        )
                      }
                    >
                      Rotate
                    </button>
                    <button
                      type="button"
                      className="button button-danger"
                      aria-label={`Delete ${key.label}`}
                      onClick={() =>
                        void run(async () => {
                          await apiRequest(`/api/api-keys/${encodeURIComponent(key.id)}`, {
                            method: 'DELETE',
                            schema: DeletedResponse,
                          })
                          if (shown?.id === key.id) setShown(null)
                          return null
                        })
                      }
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !keys.isLoading && <p className="hint">No keys yet.</p>
      )}
    </section>
  )
}

'use client'

import * as Dialog from '@radix-ui/react-dialog'
import { ApiLogPage, type ApiLog } from '@placet/protocol'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { formatDateTime } from '../../../../lib/format-date-time'
import { LogFilter, agentOptions } from './log-filters'

const PAGE_SIZE = 50

const DIRECTIONS = [
  { value: '', label: 'Both' },
  { value: 'inbound', label: 'Inbound (agent calls)' },
  { value: 'outbound', label: 'Outbound (webhooks)' },
]
const STATUSES = [
  { value: '', label: 'Any' },
  { value: 'success', label: 'Successful' },
  { value: 'error', label: 'Failed' },
  { value: '2xx', label: '2xx' },
  { value: '4xx', label: '4xx' },
  { value: '5xx', label: '5xx' },
  { value: '0', label: 'No answer' },
]

/** `ok`, `client-error`, … : the colour of a status badge. */
export function statusTone(code: number): string {
  if (code === 0 || code >= 500) return 'danger'
  if (code >= 400) return 'warning'
  return 'success'
}

/** The API request log (spec 3.7, 6.6): filters, pages of 50, a detail panel with the bodies. */
export function ApiRequestLog({ agentNames }: { agentNames: ReadonlyMap<string, string> }) {
  const [agent, setAgent] = useState('')
  const [direction, setDirection] = useState('')
  const [status, setStatus] = useState('')
  const [open, setOpen] = useState<ApiLog | null>(null)
  const filters = { agent, direction, status }
  const logs = useInfiniteQuery({
    queryKey: ['logs', filters],
    initialPageParam: '',
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
      for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value)
      if (pageParam) query.set('cursor', pageParam)
      return apiRequest(`/api/logs?${query}`, { schema: ApiLogPage, signal })
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  })
  const rows = logs.data?.pages.flatMap((page) => page.data) ?? []

  return (
    <div className="log-view">
      <div className="log-filters">
        <LogFilter
          label="Agent"
          value={agent}
          options={agentOptions(agentNames)}
          onChange={setAgent}
        />
        <LogFilter
          label="Direction"
          value={direction}
          options={DIRECTIONS}
          onChange={setDirection}
        />
        <LogFilter label="Status" value={status} options={STATUSES} onChange={setStatus} />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void logs.refetch()}
        >
          Refresh
        </button>
      </div>
      {logs.error && (
        <p className="alert" role="alert">
          {describeRequestError(logs.error)}
        </p>
      )}
      {logs.isPending ? (
        <p className="status-text" role="status">
          Loading the log…
        </p>
      ) : rows.length === 0 ? (
        <p className="status-text" data-testid="logs-empty">
          No requests match these filters.
        </p>
      ) : (
        <ul className="log-list" data-testid="api-log-list">
          {rows.map((row) => (
            <li key={row.id}>
              <button
                type="button"
                className="log-row"
                data-testid="api-log-row"
                onClick={() => setOpen(row)}
                aria-label={`${row.method} ${row.path}, status ${row.statusCode || 'no answer'}, ${formatDateTime(row.createdAt)}`}
              >
                <span className="badge badge-method">{row.method}</span>
                <span className={`badge badge-${statusTone(row.statusCode)}`}>
                  {row.statusCode || '—'}
                </span>
                <span className="log-direction">
                  {row.direction === 'inbound' ? '→ in' : '← out'}
                </span>
                <span className="log-path">{row.path}</span>
                <span className="log-agent">
                  {(row.agentId && agentNames.get(row.agentId)) ?? ''}
                </span>
                <span className="log-time">
                  {formatDateTime(row.createdAt)} · {row.durationMs} ms
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {logs.hasNextPage && (
        <button
          type="button"
          className="button button-secondary load-more"
          disabled={logs.isFetchingNextPage}
          onClick={() => void logs.fetchNextPage()}
        >
          Load older requests
        </button>
      )}
      <Dialog.Root open={open !== null} onOpenChange={(isOpen) => !isOpen && setOpen(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="dialog-overlay" />
          <Dialog.Content
            className="dialog sheet log-detail"
            aria-describedby={undefined}
            data-testid="log-detail"
          >
            {open && (
              <>
                <Dialog.Title>
                  {open.method} {open.statusCode || 'no answer'}
                </Dialog.Title>
                <p className="log-detail-path">{open.path}</p>
                <dl className="log-detail-meta">
                  <dt>Direction</dt>
                  <dd>{open.direction}</dd>
                  <dt>Agent</dt>
                  <dd>{(open.agentId && agentNames.get(open.agentId)) ?? open.agentId ?? '—'}</dd>
                  <dt>When</dt>
                  <dd>{formatDateTime(open.createdAt)}</dd>
                  <dt>Duration</dt>
                  <dd>{open.durationMs} ms</dd>
                </dl>
                <h3>Request body</h3>
                <pre className="code-block" data-testid="log-request-body">
                  {prettyBody(open.requestBody)}
                </pre>
                <h3>Response body</h3>
                <pre className="code-block" data-testid="log-response-body">
                  {prettyBody(open.responseBody)}
                </pre>
                <p className="hint">Passwords, secrets, tokens and keys are masked as ***.</p>
                <Dialog.Close className="icon-button dialog-close" aria-label="Close">
                  ×
                </Dialog.Close>
              </>
            )}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </div>
  )
}

/** A stored body, indented when it is JSON. */
function prettyBody(body: string | null): string {
  if (body === null) return '(empty)'
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

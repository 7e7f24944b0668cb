'use client'

import type { FileGalleryItem } from '@placet/protocol'
import { useQueryClient } from '@tanstack/react-query'
import { useDeferredValue, useState } from 'react'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { AttachmentPreviewDialog } from '../../../_components/attachment-preview-dialog'
import { useAgents } from '../../chats/_components/use-agents'
import { DeleteFilesDialog } from './delete-files-dialog'
import { downloadZip } from './download-zip'
import { FileTile } from './file-tile'
import { ShareLinkDialog } from './share-link-dialog'
import { FILES_KEY, useFileGallery } from './use-file-gallery'

/** The type filter: mime prefixes the gallery understands (spec 3.6 `type`). */
const TYPE_OPTIONS = [
  { value: '', label: 'All types' },
  { value: 'image/', label: 'Images' },
  { value: 'video/', label: 'Videos' },
  { value: 'audio/', label: 'Audio' },
  { value: 'application/pdf', label: 'PDF' },
  { value: 'text/', label: 'Text' },
] as const

/**
 * Files (spec 6.4): every file of the user's chats, searchable by name and filtered by type
 * and agent, page after page; select several to download them as a ZIP or delete them; share
 * one with a link; open one in the preview.
 */
export function FilesScreen() {
  const queryClient = useQueryClient()
  const [type, setType] = useState('')
  const [agent, setAgent] = useState('')
  const [search, setSearch] = useState('')
  // Typing stays fluid: the gallery follows the name filter when React has time.
  const deferredSearch = useDeferredValue(search.trim())
  const gallery = useFileGallery({
    type: type || undefined,
    agent: agent || undefined,
    search: deferredSearch || undefined,
  })
  const agents = useAgents(null)
  const [selected, setSelected] = useState<ReadonlyMap<string, FileGalleryItem>>(new Map())
  const [preview, setPreview] = useState<FileGalleryItem | null>(null)
  const [sharing, setSharing] = useState<FileGalleryItem | null>(null)
  const [deleting, setDeleting] = useState<FileGalleryItem[]>([])
  const [bulkError, setBulkError] = useState<string | null>(null)
  const [isZipping, setIsZipping] = useState(false)

  const files = gallery.data?.pages.flatMap((page) => page.data) ?? []
  const agentNames = new Map((agents.data ?? []).map(({ id, name }) => [id, name]))
  const isAllSelected = files.length > 0 && files.every(({ id }) => selected.has(id))

  function toggle(file: FileGalleryItem, isOn: boolean) {
    setSelected((current) => {
      const next = new Map(current)
      if (isOn) next.set(file.id, file)
      else next.delete(file.id)
      return next
    })
  }

  function toggleAll(isOn: boolean) {
    setSelected(isOn ? new Map(files.map((file) => [file.id, file])) : new Map())
  }

  async function zipSelected() {
    setIsZipping(true)
    setBulkError(null)
    try {
      await downloadZip({ ids: [...selected.keys()] })
    } catch (error) {
      setBulkError(describeRequestError(error))
    } finally {
      setIsZipping(false)
    }
  }

  function onDeleted() {
    const gone = new Set(deleting.map(({ id }) => id))
    setSelected((current) => new Map([...current].filter(([id]) => !gone.has(id))))
    setDeleting([])
    void queryClient.invalidateQueries({ queryKey: FILES_KEY })
  }

  return (
    <section className="page files-page" aria-labelledby="files-title">
      <header className="files-header">
        <h1 id="files-title">Files</h1>
        <p className="hint">Every file sent in your chats, by your agents or by you.</p>
      </header>

      <form className="files-filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="files-search">Search by name</label>
          <input
            id="files-search"
            type="search"
            value={search}
            maxLength={255}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="files-type">Type</label>
          <select id="files-type" value={type} onChange={(event) => setType(event.target.value)}>
            {TYPE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="files-agent">Agent</label>
          <select id="files-agent" value={agent} onChange={(event) => setAgent(event.target.value)}>
            <option value="">All agents</option>
            {(agents.data ?? []).map(({ id, name }) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>

      <div className="files-toolbar" data-testid="files-toolbar">
        <label className="field-checkbox">
          <input
            type="checkbox"
            checked={isAllSelected}
            disabled={files.length === 0}
            onChange={(event) => toggleAll(event.target.checked)}
          />
          Select all shown
        </label>
        {selected.size > 0 && (
          <div className="files-bulk" role="group" aria-label="Selected files">
            <span role="status" data-testid="selected-count">
              {selected.size} selected
            </span>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void zipSelected()}
              disabled={isZipping}
            >
              {isZipping ? 'Preparing ZIP…' : 'Download ZIP'}
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setDeleting([...selected.values()])}
            >
              Delete selected
            </button>
            <button type="button" className="link-button" onClick={() => toggleAll(false)}>
              Clear selection
            </button>
          </div>
        )}
      </div>
      {bulkError && (
        <p className="alert" role="alert">
          {bulkError}
        </p>
      )}

      {gallery.isLoading && (
        <p className="status-text" role="status">
          Loading files…
        </p>
      )}
      {gallery.error && (
        <p className="alert" role="alert">
          {describeRequestError(gallery.error)}
        </p>
      )}
      {gallery.isSuccess && files.length === 0 && (
        <p className="empty-text" data-testid="files-empty">
          {type || agent || deferredSearch
            ? 'No file matches these filters.'
            : 'No files yet. Files your agents send, and files you attach in a chat, show up here.'}
        </p>
      )}
      <ul className="file-grid" aria-label="Files">
        {files.map((file) => (
          <FileTile
            key={file.id}
            file={file}
            agentName={agentNames.get(file.channelId) ?? 'Unknown agent'}
            isSelected={selected.has(file.id)}
            onToggle={(isOn) => toggle(file, isOn)}
            onOpen={() => setPreview(file)}
            onShare={() => setSharing(file)}
            onDelete={() => setDeleting([file])}
          />
        ))}
      </ul>
      {gallery.hasNextPage && (
        <button
          type="button"
          className="button button-secondary load-more"
          onClick={() => void gallery.fetchNextPage()}
          disabled={gallery.isFetchingNextPage}
        >
          {gallery.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}

      <AttachmentPreviewDialog attachment={preview} onClose={() => setPreview(null)} />
      <ShareLinkDialog file={sharing} onClose={() => setSharing(null)} />
      <DeleteFilesDialog files={deleting} onClose={() => setDeleting([])} onDeleted={onDeleted} />
    </section>
  )
}

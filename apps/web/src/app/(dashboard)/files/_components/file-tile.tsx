'use client'

import type { FileGalleryItem } from '@placet/protocol'
import { fileDownloadUrl } from '../../../../lib/file-links'
import { formatDateTime } from '../../../../lib/format-date-time'
import { formatFileSize } from '../../../../lib/format-file-size'
import { attachmentKindOf } from '../../../_components/attachment-kind'

type FileTileProps = {
  file: FileGalleryItem
  agentName: string
  isSelected: boolean
  onToggle: (isOn: boolean) => void
  onOpen: () => void
  onShare: () => void
  onDelete: () => void
}

/** One file of the gallery: thumbnail or type badge, name, agent, size, date and actions. */
export function FileTile({
  file,
  agentName,
  isSelected,
  onToggle,
  onOpen,
  onShare,
  onDelete,
}: FileTileProps) {
  const kind = attachmentKindOf(file)
  const checkboxId = `file-select-${file.id}`
  return (
    <li
      className={isSelected ? 'file-tile is-selected' : 'file-tile'}
      data-testid="file-tile"
      data-file-id={file.id}
    >
      <input
        id={checkboxId}
        className="file-select"
        type="checkbox"
        checked={isSelected}
        onChange={(event) => onToggle(event.target.checked)}
        aria-label={`Select ${file.filename}`}
      />
      <button
        type="button"
        className="file-thumb"
        onClick={onOpen}
        aria-label={`Preview ${file.filename}`}
      >
        {kind === 'image' ? (
          <img src={fileDownloadUrl(file.id)} alt="" loading="lazy" />
        ) : (
          <span className="file-kind" aria-hidden="true">
            {kind === 'other' ? 'FILE' : kind.toUpperCase()}
          </span>
        )}
      </button>
      <div className="file-meta">
        <span className="file-name" title={file.filename}>
          {file.filename}
        </span>
        <span className="hint">
          {agentName} · {formatFileSize(file.size)}
        </span>
        <time className="hint" dateTime={file.createdAt}>
          {formatDateTime(file.createdAt)}
        </time>
      </div>
      <div className="file-actions">
        <a
          className="link-button"
          href={fileDownloadUrl(file.id)}
          download
          aria-label={`Download ${file.filename}`}
        >
          Download
        </a>
        <button
          type="button"
          className="link-button"
          onClick={onShare}
          aria-label={`Share ${file.filename}`}
        >
          Share
        </button>
        <button
          type="button"
          className="link-button link-danger"
          onClick={onDelete}
          aria-label={`Delete ${file.filename}`}
        >
          Delete
        </button>
      </div>
    </li>
  )
}

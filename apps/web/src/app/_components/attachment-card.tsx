'use client'

import type { Attachment } from '@placet/protocol'
import { fileDownloadUrl } from '../../lib/file-links'
import { formatFileSize } from '../../lib/format-file-size'
import { attachmentKindOf } from './attachment-kind'

/**
 * One file of a message (spec 6.2: preview cards): an image shows inline, anything else as a
 * card with its name, size and download link. Both open the preview dialog.
 */
export function AttachmentCard({
  attachment,
  onOpen,
}: {
  attachment: Attachment
  onOpen: (attachment: Attachment) => void
}) {
  const isImage = attachmentKindOf(attachment) === 'image'
  return (
    <figure className="attachment-card" data-testid="attachment-card">
      <button
        type="button"
        className="attachment-open"
        onClick={() => onOpen(attachment)}
        aria-label={`Preview ${attachment.filename}`}
      >
        {isImage ? (
          <img
            className="attachment-image"
            src={fileDownloadUrl(attachment.id)}
            alt={attachment.filename}
            loading="lazy"
          />
        ) : (
          <span className="attachment-icon" aria-hidden="true">
            {extensionOf(attachment.filename)}
          </span>
        )}
      </button>
      <figcaption className="attachment-caption">
        <span className="attachment-name" title={attachment.filename}>
          {attachment.filename}
        </span>
        <span className="hint">{formatFileSize(attachment.size)}</span>
        <a
          className="link-button"
          href={fileDownloadUrl(attachment.id)}
          download
          aria-label={`Download ${attachment.filename}`}
        >
          Download
        </a>
      </figcaption>
    </figure>
  )
}

/** The badge of a file without a picture: its extension, as people know files by it. */
function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot > 0 && filename.length - dot <= 6 ? filename.slice(dot + 1).toUpperCase() : 'FILE'
}

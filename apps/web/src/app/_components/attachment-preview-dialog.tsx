'use client'

import type { Attachment } from '@placet/protocol'
import * as Dialog from '@radix-ui/react-dialog'
import { useQuery } from '@tanstack/react-query'
import { describeRequestError } from '../../lib/describe-request-error'
import { fileDownloadUrl } from '../../lib/file-links'
import { formatFileSize } from '../../lib/format-file-size'
import { parseCsv } from '../../lib/parse-csv'
import { attachmentKindOf } from './attachment-kind'
import { MarkdownText } from './markdown-text'

/** Text previews stop here: the rest is one download away, and the page stays quick. */
const MAX_TEXT_PREVIEW_BYTES = 512 * 1024

type AttachmentPreviewDialogProps = {
  /** The file to show; null keeps the dialog closed. */
  attachment: Pick<Attachment, 'id' | 'filename' | 'mimeType' | 'size'> | null
  onClose: () => void
}

/**
 * The full preview of one file (spec 6.2, 6.4): images, PDF in a frame, video and audio with
 * the browser's controls, text, markdown and CSV fetched and rendered here; anything else
 * offers its download.
 */
export function AttachmentPreviewDialog({ attachment, onClose }: AttachmentPreviewDialogProps) {
  return (
    <Dialog.Root open={attachment !== null} onOpenChange={(isOpen) => !isOpen && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        {attachment && (
          <Dialog.Content
            className="dialog preview-dialog"
            data-testid="attachment-preview"
            aria-describedby={undefined}
          >
            <Dialog.Title className="preview-title">{attachment.filename}</Dialog.Title>
            <p className="hint">
              {attachment.mimeType} · {formatFileSize(attachment.size)}
            </p>
            <div className="preview-body">
              <PreviewBody attachment={attachment} />
            </div>
            <div className="dialog-actions">
              <a className="button button-secondary" href={fileDownloadUrl(attachment.id)} download>
                Download
              </a>
              <Dialog.Close className="button">Close</Dialog.Close>
            </div>
          </Dialog.Content>
        )}
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function PreviewBody({
  attachment,
}: {
  attachment: NonNullable<AttachmentPreviewDialogProps['attachment']>
}) {
  const url = fileDownloadUrl(attachment.id)
  switch (attachmentKindOf(attachment)) {
    case 'image':
      return <img className="preview-image" src={url} alt={attachment.filename} />
    case 'pdf':
      return <iframe className="preview-frame" src={url} title={attachment.filename} />
    case 'video':
      return <video className="preview-media" src={url} controls aria-label={attachment.filename} />
    case 'audio':
      return <audio src={url} controls aria-label={attachment.filename} />
    case 'text':
      return attachment.size > MAX_TEXT_PREVIEW_BYTES ? (
        <p className="hint">This file is too large to preview here. Download it to read it.</p>
      ) : (
        <TextPreview attachment={attachment} />
      )
    case 'other':
      return <p className="hint">No preview for this type of file. Download it to open it.</p>
  }
}

function TextPreview({
  attachment,
}: {
  attachment: NonNullable<AttachmentPreviewDialogProps['attachment']>
}) {
  const query = useQuery({
    queryKey: ['file-text', attachment.id],
    queryFn: async ({ signal }) => {
      const response = await fetch(fileDownloadUrl(attachment.id), {
        credentials: 'include',
        signal,
      })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.text()
    },
  })
  if (query.isLoading)
    return (
      <p className="status-text" role="status">
        Loading…
      </p>
    )
  if (query.error)
    return (
      <p className="alert" role="alert">
        {describeRequestError(query.error)}
      </p>
    )
  const text = query.data ?? ''
  if (attachment.mimeType === 'text/markdown') return <MarkdownText text={text} />
  if (attachment.mimeType === 'text/csv') {
    const [head = [], ...rows] = parseCsv(text)
    return (
      <div className="table-scroll">
        <table className="preview-table">
          <thead>
            <tr>
              {head.map((cell, index) => (
                <th key={index}>{cell}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, index) => (
                  <td key={index}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  }
  return <pre className="code-block preview-text">{text}</pre>
}

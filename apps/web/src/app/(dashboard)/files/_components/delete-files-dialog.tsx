'use client'

import { FileIdsBody, MessageResponse, type FileGalleryItem } from '@placet/protocol'
import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'

/**
 * Asks before deleting files for good (`DELETE /api/files/:id`, `POST /api/files/bulk-delete`,
 * spec 3.6): the stored bytes go with the row, and chats lose the attachment.
 */
export function DeleteFilesDialog({
  files,
  onClose,
  onDeleted,
}: {
  /** The files to delete; empty keeps the dialog closed. */
  files: FileGalleryItem[]
  onClose: () => void
  onDeleted: () => void
}) {
  const [error, setError] = useState<string | null>(null)
  const [isDeleting, setIsDeleting] = useState(false)
  const [first] = files

  async function confirm() {
    setIsDeleting(true)
    setError(null)
    try {
      if (files.length === 1 && first) {
        await apiRequest(`/api/files/${encodeURIComponent(first.id)}`, {
          method: 'DELETE',
          schema: MessageResponse,
        })
      } else {
        await apiRequest('/api/files/bulk-delete', {
          method: 'POST',
          body: FileIdsBody.parse({ ids: files.map(({ id }) => id) }),
          schema: MessageResponse,
        })
      }
      onDeleted()
    } catch (caught) {
      setError(describeRequestError(caught))
    } finally {
      setIsDeleting(false)
    }
  }

  return (
    <Dialog.Root
      open={files.length > 0}
      onOpenChange={(isOpen) => {
        if (isOpen) return
        setError(null)
        onClose()
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" role="alertdialog" aria-describedby="delete-files-hint">
          <Dialog.Title>
            {files.length === 1 ? `Delete ${first?.filename}?` : `Delete ${files.length} files?`}
          </Dialog.Title>
          <p id="delete-files-hint">
            They disappear from Files and from the chats they were sent in. This cannot be undone.
          </p>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <Dialog.Close className="button button-secondary">Cancel</Dialog.Close>
            <button
              type="button"
              className="button button-danger"
              onClick={() => void confirm()}
              disabled={isDeleting}
            >
              {isDeleting ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

'use client'

import { ShareLink, type FileGalleryItem } from '@placet/protocol'
import * as Dialog from '@radix-ui/react-dialog'
import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '../../../../lib/api-client'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { CopyButton } from '../../_components/copy-button'

/** A public link to one file (`GET /api/files/:id/share`, spec 3.6), valid for an hour. */
export function ShareLinkDialog({
  file,
  onClose,
}: {
  file: FileGalleryItem | null
  onClose: () => void
}) {
  const query = useQuery({
    queryKey: ['file-share', file?.id],
    enabled: file !== null,
    // Each opening signs a fresh link, so the hour starts when the person asks.
    gcTime: 0,
    queryFn: ({ signal }) =>
      apiRequest(`/api/files/${encodeURIComponent(file?.id ?? '')}/share`, {
        schema: ShareLink,
        signal,
      }),
  })
  return (
    <Dialog.Root open={file !== null} onOpenChange={(isOpen) => !isOpen && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby="share-hint">
          <Dialog.Title>Share {file?.filename}</Dialog.Title>
          <p id="share-hint" className="hint">
            Anyone with this link can download the file, without signing in
            {query.data ? `, for ${Math.round(query.data.expiresIn / 60)} minutes` : ''}.
          </p>
          {query.isLoading && (
            <p className="status-text" role="status">
              Creating the link…
            </p>
          )}
          {query.error && (
            <p className="alert" role="alert">
              {describeRequestError(query.error)}
            </p>
          )}
          {query.data && (
            <div className="field">
              <label htmlFor="share-url">Link</label>
              <input
                id="share-url"
                readOnly
                value={query.data.url}
                data-testid="share-url"
                onFocus={(event) => event.currentTarget.select()}
              />
              <div className="share-actions">
                <CopyButton value={query.data.url} label="Copy link" />
              </div>
            </div>
          )}
          <div className="dialog-actions">
            <Dialog.Close className="button button-secondary">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

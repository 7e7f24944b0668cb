'use client'

import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'

/** What a bulk approval came to; a review answered elsewhere meanwhile is listed, not hidden. */
export type BulkOutcome = { approved: number; failures: { title: string; reason: string }[] }

/** Confirms approving the checked reviews, listing them first. */
export function BulkApproveDialog({
  open,
  onOpenChange,
  titles,
  onConfirm,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  titles: string[]
  onConfirm: () => Promise<BulkOutcome>
}) {
  const [isRunning, setIsRunning] = useState(false)
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !isRunning && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="bulk-dialog">
          <Dialog.Title>
            Approve {titles.length} review{titles.length === 1 ? '' : 's'}?
          </Dialog.Title>
          <Dialog.Description>Each is answered with its approve option.</Dialog.Description>
          <ul className="bulk-list">
            {titles.map((title, index) => (
              <li key={index}>{title}</li>
            ))}
          </ul>
          <div className="dialog-actions">
            <Dialog.Close className="button button-secondary" disabled={isRunning}>
              Cancel
            </Dialog.Close>
            <button
              type="button"
              className="button"
              disabled={isRunning || titles.length === 0}
              data-testid="bulk-confirm"
              onClick={async () => {
                setIsRunning(true)
                try {
                  await onConfirm()
                } finally {
                  setIsRunning(false)
                  onOpenChange(false)
                }
              }}
            >
              {isRunning ? 'Approving…' : `Approve ${titles.length}`}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

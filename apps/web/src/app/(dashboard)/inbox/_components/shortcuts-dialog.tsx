'use client'

import * as Dialog from '@radix-ui/react-dialog'
import { ACTION_DESCRIPTIONS, INBOX_SHORTCUTS } from '../../../../lib/inbox-shortcuts'

/** `?`: the inbox's keyboard shortcuts. */
export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="shortcuts-dialog">
          <Dialog.Title>Keyboard shortcuts</Dialog.Title>
          <Dialog.Description>
            They work whenever you are not typing in a field; Esc leaves a field.
          </Dialog.Description>
          <dl className="shortcut-list">
            {INBOX_SHORTCUTS.map((shortcut) => (
              <div key={shortcut.key}>
                <dt>
                  <kbd>{shortcut.label}</kbd>
                </dt>
                <dd>{ACTION_DESCRIPTIONS[shortcut.action]}</dd>
              </div>
            ))}
          </dl>
          <div className="dialog-actions">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/**
 * Keyboard triage of the inbox (issue 10): one key per action, as mail clients do. Shortcuts
 * never fire while the person types in a field, nor with a modifier held (browser and OS
 * shortcuts keep working).
 */
export type InboxAction =
  'next' | 'previous' | 'approve' | 'reject' | 'open' | 'comment' | 'filter' | 'help' | 'select'

/** Key → action, in the order the help dialog lists them. */
export const INBOX_SHORTCUTS: readonly { key: string; label: string; action: InboxAction }[] = [
  { key: 'j', label: 'j', action: 'next' },
  { key: 'k', label: 'k', action: 'previous' },
  { key: 'a', label: 'a', action: 'approve' },
  { key: 'r', label: 'r', action: 'reject' },
  { key: 'Enter', label: 'Enter', action: 'open' },
  { key: 'c', label: 'c', action: 'comment' },
  { key: 'x', label: 'x', action: 'select' },
  { key: '/', label: '/', action: 'filter' },
  { key: '?', label: '?', action: 'help' },
]

/** What each action does, for the help dialog. */
export const ACTION_DESCRIPTIONS: Record<InboxAction, string> = {
  next: 'Next review',
  previous: 'Previous review',
  approve: 'Approve the selected approval review',
  reject: 'Reject the selected approval review',
  open: 'Open the selected review',
  comment: 'Write a comment',
  select: 'Select for bulk approval',
  filter: 'Search and filter',
  help: 'Show these shortcuts',
}

/** The part of a DOM element the check needs (tests pass plain objects). */
type TargetLike = { tagName?: string; isContentEditable?: boolean; type?: string } | null

const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'number',
  'password',
  'tel',
  'url',
  'date',
  'datetime-local',
  'time',
  'month',
  'week',
])

/** True while focus is in something that takes typing: inputs, textareas, selects, editors. */
export function isTypingTarget(target: TargetLike): boolean {
  if (!target) return false
  if (target.isContentEditable) return true
  const tag = target.tagName?.toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? 'text').toLowerCase())
}

/** The action of a keydown, or null when it is not one of ours or the person is typing. */
export function inboxActionOf(event: {
  key: string
  altKey: boolean
  ctrlKey: boolean
  metaKey: boolean
  target: unknown
}): InboxAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null
  if (isTypingTarget(event.target as TargetLike)) return null
  return INBOX_SHORTCUTS.find((shortcut) => shortcut.key === event.key)?.action ?? null
}

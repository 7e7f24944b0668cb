import {
  ApprovalPayload,
  DEFAULT_APPROVAL_OPTIONS,
  type ApprovalOption,
  type Message,
} from '@placet/protocol'

/**
 * The option `a` (approve) or `r` (reject) picks on an approval review: Placet's own ids first,
 * then the agent's styling (primary / danger), then the first or last button. A review with
 * one button cannot be rejected by key.
 */
export function approvalChoice(
  message: Message,
  choice: 'approve' | 'reject',
): ApprovalOption | null {
  if (message.review?.type !== 'approval') return null
  const parsed = ApprovalPayload.safeParse(message.review.payload)
  const options = parsed.success ? parsed.data.options : DEFAULT_APPROVAL_OPTIONS
  if (choice === 'approve')
    return (
      options.find((option) => option.id === 'approve') ??
      options.find((option) => option.style === 'primary') ??
      options[0] ??
      null
    )
  if (options.length < 2) return null
  return (
    options.find((option) => option.id === 'reject') ??
    options.find((option) => option.style === 'danger') ??
    options.at(-1) ??
    null
  )
}

/** True for a review that bulk approval and the `a` key can answer. */
export const isPendingApproval = (message: Message) =>
  message.review?.type === 'approval' && message.review.status === 'pending'

import {
  ApprovalPayload,
  ApprovalResponse,
  DEFAULT_APPROVAL_OPTIONS,
  SelectionPayload,
  SelectionResponse,
  TextInputResponse,
  type Review,
} from '@placet/protocol'
import { FormAnswer } from './form-answer'

/** What was answered, per review type; unknown shapes fall back to their JSON. */
export function ReviewAnswer({ review }: { review: Review }) {
  const { response, payload } = review
  if (!response) return null

  if (review.type === 'approval') {
    const answer = ApprovalResponse.safeParse(response)
    const parsed = ApprovalPayload.safeParse(payload)
    const options = parsed.success ? parsed.data.options : DEFAULT_APPROVAL_OPTIONS
    if (answer.success) {
      const { selectedOption, comment } = answer.data
      const label = options.find(({ id }) => id === selectedOption)?.label ?? selectedOption
      return (
        <div className="review-answer-line">
          <p>
            Chose <strong data-testid="answer-option">{label}</strong>
          </p>
          {comment && <p className="preserve-lines">{comment}</p>}
        </div>
      )
    }
  }
  if (review.type === 'selection') {
    const answer = SelectionResponse.safeParse(response)
    const parsed = SelectionPayload.safeParse(payload)
    if (answer.success) {
      const labelOf = (id: string) =>
        (parsed.success && parsed.data.items.find((item) => item.id === id)?.label) || id
      return (
        <ul className="review-answer-list" data-testid="answer-selection">
          {answer.data.selectedIds.map((id) => (
            <li key={id}>{labelOf(id)}</li>
          ))}
        </ul>
      )
    }
  }
  if (review.type === 'form') return <FormAnswer payload={payload} response={response} />
  if (review.type === 'text-input') {
    const answer = TextInputResponse.safeParse(response)
    if (answer.success) return <p className="preserve-lines">{answer.data.text}</p>
  }
  return <pre className="code-block">{JSON.stringify(response, null, 2)}</pre>
}

import type { JsonObject } from '@placet/protocol'
import type { ReactNode } from 'react'

/**
 * What every per-type review input (approval, selection, form, text-input, freeform) receives
 * from its card: the stored payload, still unchecked, and the way to send an answer.
 */
export type ReviewInputProps = {
  /** `review.payload` as stored; each input parses it with its protocol schema. */
  payload: unknown
  /** Sends `response` (with the card's feedback) to `POST /api/messages/:id/respond`. */
  onSubmit: (response: JsonObject) => void
  isSubmitting: boolean
  /** The card's feedback field, placed just above the input's own buttons. */
  children?: ReactNode
}

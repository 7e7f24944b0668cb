'use client'

import type { ReviewType } from '@placet/protocol'
import type { ReactNode } from 'react'
import { ApprovalReview } from './approval-review'
import { FormReview } from './form-review'
import { FreeformReview } from './freeform-review'
import type { ReviewInputProps } from './review-input-types'
import { SelectionReview } from './selection-review'
import { TextInputReview } from './text-input-review'

const INPUTS = {
  approval: ApprovalReview,
  selection: SelectionReview,
  form: FormReview,
  'text-input': TextInputReview,
  freeform: FreeformReview,
} satisfies Record<ReviewType, (props: ReviewInputProps) => ReactNode>

/** The answer controls of a pending review, by its type. */
export function PendingReviewInput({ type, ...props }: ReviewInputProps & { type: ReviewType }) {
  const Input = INPUTS[type]
  return <Input {...props} />
}

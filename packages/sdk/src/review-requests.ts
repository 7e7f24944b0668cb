import type {
  ApprovalOption,
  FormField,
  Responder,
  SelectionItem,
  TextInputPayload,
} from '@placet/protocol'

/**
 * How a review ended, as the `request…` helpers resolve it: the person's typed answer and who
 * gave it, or the review expired or was cancelled (by the agent, or a person in the dashboard).
 *
 * @example
 * const outcome = await placet.requestText({ text: 'Release notes?' })
 * if (outcome.status === 'completed') console.log(outcome.response.text, outcome.respondedBy?.name)
 */
export type ReviewOutcome<Response> =
  | { status: 'completed'; messageId: string; response: Response; respondedBy: Responder | null }
  | { status: 'expired'; messageId: string }
  | { status: 'cancelled'; messageId: string }

/** What every `request…` helper takes besides its payload. */
export type ReviewRequestOptions = {
  /** The channel (agent id); defaults to the client's `channelId`. */
  channelId?: string
  /** The question shown above the review. */
  text?: string
  /** Lifetime of the review; the server's default applies when left out (24 h). */
  expiresInSeconds?: number
  metadata?: Record<string, unknown>
  /** Stops waiting (the promise rejects with the signal's reason); the review stays open. */
  signal?: AbortSignal
}

/** The answer of an approval: the chosen option's id, typed from the options given. */
export type ApprovalAnswer<OptionId extends string> = { selectedOption: OptionId; comment?: string }

/** The answer of a selection: the chosen items' ids, typed from the items given. */
export type SelectionAnswer<ItemId extends string> = { selectedIds: ItemId[] }

type FieldValue<Type extends FormField['type']> = Type extends 'number' | 'range'
  ? number
  : Type extends 'checkbox'
    ? boolean
    : string

type FormFieldValue<Field extends FormField> = Field extends { required: true }
  ? FieldValue<Field['type']>
  : FieldValue<Field['type']> | undefined

/**
 * The answer of a form, keyed by field name with each value typed by its field: a `number` or
 * `range` field is a number, a `checkbox` a boolean, every other type a string; a field that is
 * not `required` may be `undefined`.
 *
 * @example
 * type Answer = FormAnswer<[{ name: 'age'; type: 'number'; label: 'Age'; required: true }]>
 * // { age: number }
 */
export type FormAnswer<Fields extends readonly FormField[]> = {
  [Field in Fields[number] as Field['name']]: FormFieldValue<Field>
}

/** A form the person dismissed instead of filling in. */
export type FormDismissal = { dismissed: true }

export type ApprovalRequest<Options extends readonly ApprovalOption[]> = ReviewRequestOptions & {
  /** Buttons; Approve (`approve`) and Reject (`reject`) when left out. */
  options?: Options
  allowComment?: boolean
}

export type SelectionRequest<Items extends readonly SelectionItem[]> = ReviewRequestOptions & {
  items: Items
  mode?: 'single' | 'multi'
}

export type FormRequest<Fields extends readonly FormField[]> = ReviewRequestOptions & {
  fields: Fields
  submitLabel?: string
  dismissLabel?: string
}

export type TextRequest = ReviewRequestOptions & TextInputPayload

export type FreeformRequest = ReviewRequestOptions & { payload?: Record<string, unknown> }

/**
 * Form answers arrive as JSON the person's browser produced: a number field may come as text.
 * Each value is brought to its field's type, so {@link FormAnswer} holds at run time too.
 */
export function toFormAnswer(
  fields: readonly FormField[],
  response: Record<string, unknown>,
): Record<string, unknown> {
  const answer: Record<string, unknown> = {}
  for (const field of fields) {
    const value = response[field.name]
    if (value === undefined || value === null || value === '') continue
    if (field.type === 'number' || field.type === 'range') answer[field.name] = Number(value)
    else if (field.type === 'checkbox') answer[field.name] = value === true || value === 'true'
    else answer[field.name] = String(value)
  }
  return answer
}

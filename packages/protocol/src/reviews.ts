import { z } from 'zod'
import { Id, IsoDate, JsonObject } from './common.js'

/** The five built-in review types (spec 1.6). Placet accepts any string; we refuse others. */
export const ReviewType = z.enum(['approval', 'selection', 'form', 'text-input', 'freeform'])
export type ReviewType = z.infer<typeof ReviewType>

/** `cancelled` is ours: agents may withdraw a pending review (spec 9.2.3). */
export const ReviewStatus = z.enum(['pending', 'completed', 'expired', 'cancelled'])
export type ReviewStatus = z.infer<typeof ReviewStatus>

// ---------------------------------------------------------------------------------------------
// Payloads (what the agent asks) and responses (what the person answers), per type.

export const ApprovalOption = z.object({
  id: z.string().min(1).max(128),
  label: z.string().min(1).max(256),
  style: z.enum(['primary', 'danger', 'secondary', 'ghost']).optional(),
})
export type ApprovalOption = z.infer<typeof ApprovalOption>

/** `approval` payload: buttons to choose from. */
export const ApprovalPayload = z.looseObject({
  options: z.array(ApprovalOption).min(1).max(20),
  allowComment: z.boolean().optional(),
})
export type ApprovalPayload = z.infer<typeof ApprovalPayload>

/** The buttons Placet's UI falls back to when an approval comes without options (spec 1.6). */
export const DEFAULT_APPROVAL_OPTIONS: ApprovalOption[] = [
  { id: 'approve', label: 'Approve', style: 'primary' },
  { id: 'reject', label: 'Reject', style: 'danger' },
]

export const ApprovalResponse = z.object({
  selectedOption: z.string().min(1),
  comment: z.string().max(10_000).optional(),
})
export type ApprovalResponse = z.infer<typeof ApprovalResponse>

export const SelectionItem = z.object({
  id: z.string().min(1).max(128),
  label: z.string().min(1).max(256),
  description: z.string().max(2000).optional(),
})
export type SelectionItem = z.infer<typeof SelectionItem>

/** `selection` payload: pick one (`single`) or several (`multi`) items. */
export const SelectionPayload = z.looseObject({
  mode: z.enum(['single', 'multi']),
  items: z.array(SelectionItem).min(1).max(500),
})
export type SelectionPayload = z.infer<typeof SelectionPayload>

export const SelectionResponse = z.object({ selectedIds: z.array(z.string()).min(1) })
export type SelectionResponse = z.infer<typeof SelectionResponse>

/** The 12 form field types (spec 1.6). */
export const FormFieldType = z.enum([
  'text',
  'number',
  'email',
  'url',
  'textarea',
  'select',
  'checkbox',
  'date',
  'time',
  'datetime',
  'range',
  'password',
])
export type FormFieldType = z.infer<typeof FormFieldType>

export const FormFieldOption = z.union([
  z.object({ value: z.string(), label: z.string() }),
  z.string(),
])
export type FormFieldOption = z.infer<typeof FormFieldOption>

export const FormField = z.object({
  name: z.string().min(1).max(128),
  type: FormFieldType,
  label: z.string().max(256),
  required: z.boolean().optional(),
  placeholder: z.string().max(256).optional(),
  defaultValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
  options: z.array(FormFieldOption).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  unit: z.string().max(32).optional(),
  description: z.string().max(2000).optional(),
})
export type FormField = z.infer<typeof FormField>

/** `form` payload: named fields; `select` fields need options, names are unique. */
export const FormPayload = z
  .looseObject({
    fields: z.array(FormField).min(1).max(100),
    submitLabel: z.string().max(64).optional(),
    dismissLabel: z.string().max(64).optional(),
  })
  .superRefine((payload, ctx) => {
    const seen = new Set<string>()
    payload.fields.forEach((field, index) => {
      if (seen.has(field.name)) {
        ctx.addIssue({
          code: 'custom',
          message: `Duplicate field name "${field.name}"`,
          path: ['fields', index, 'name'],
        })
      }
      seen.add(field.name)
      if (field.type === 'select' && !field.options?.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'A select field needs options',
          path: ['fields', index, 'options'],
        })
      }
    })
  })
export type FormPayload = z.infer<typeof FormPayload>

/** A form answer: values keyed by field name; `{_dismissed: true}` when dismissed. */
export const FormResponse = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
)
export type FormResponse = z.infer<typeof FormResponse>

/** `text-input` payload. */
export const TextInputPayload = z.looseObject({
  placeholder: z.string().max(256).optional(),
  prefill: z.string().max(100_000).optional(),
  markdown: z.boolean().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).optional(),
})
export type TextInputPayload = z.infer<typeof TextInputPayload>

export const TextInputResponse = z.object({ text: z.string().max(100_000) })
export type TextInputResponse = z.infer<typeof TextInputResponse>

/** `freeform` payload: any object, often `{plugin, ...pluginData}`. */
export const FreeformPayload = JsonObject
export type FreeformPayload = z.infer<typeof FreeformPayload>

export const FreeformResponse = JsonObject
export type FreeformResponse = z.infer<typeof FreeformResponse>

/** The legacy inline webhook of a review (spec 1.6, 4.2 tier 3). */
export const ReviewCallback = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  method: z.enum(['POST', 'PUT', 'PATCH']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
})
export type ReviewCallback = z.infer<typeof ReviewCallback>

// ---------------------------------------------------------------------------------------------
// Creating a review (inside `POST /api/v1/messages`).

const reviewRequestFields = {
  callback: ReviewCallback.nullable().optional(),
  expiresAt: z.string().optional(),
  expiresInSeconds: z.unknown().optional(),
}

/**
 * The `review` field of a new message, checked per type (spec 1.6; stricter than Placet, 9.2.2).
 * `expiresAt` and `expiresInSeconds` are resolved by the server (spec 1.6 rules 1-5), so they
 * are only loosely typed here and checked there.
 *
 * @example
 * ReviewRequest.parse({ type: 'approval', payload: { options: [{ id: 'ok', label: 'OK' }] } })
 */
export const ReviewRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('approval'),
    payload: ApprovalPayload.optional(),
    ...reviewRequestFields,
  }),
  z.object({ type: z.literal('selection'), payload: SelectionPayload, ...reviewRequestFields }),
  z.object({ type: z.literal('form'), payload: FormPayload, ...reviewRequestFields }),
  z.object({
    type: z.literal('text-input'),
    payload: TextInputPayload.optional(),
    ...reviewRequestFields,
  }),
  z.object({
    type: z.literal('freeform'),
    payload: FreeformPayload.optional(),
    ...reviewRequestFields,
  }),
])
export type ReviewRequest = z.infer<typeof ReviewRequest>

/** Who answered a review (ours; Placet does not record it, spec 9.2.1). */
export const Responder = z.object({ id: Id, name: z.string() })
export type Responder = z.infer<typeof Responder>

/**
 * A review as stored on its message and sent on the wire (spec 1.6). `completed_at` repeats
 * `completedAt` because the seed's WebSocket page still uses the old name (spec 10).
 */
export const Review = z.object({
  type: ReviewType,
  payload: JsonObject.nullable().optional(),
  status: ReviewStatus,
  response: JsonObject.nullable().optional(),
  feedback: z.string().nullable().optional(),
  modifiedFileIds: z.record(z.string(), z.string()).nullable().optional(),
  callback: ReviewCallback.nullable().optional(),
  expiresAt: IsoDate,
  completedAt: IsoDate.nullable().optional(),
  completed_at: IsoDate.nullable().optional(),
  respondedBy: Responder.nullable().optional(),
  cancelledAt: IsoDate.nullable().optional(),
  expiredAt: IsoDate.nullable().optional(),
})
export type Review = z.infer<typeof Review>

/** `POST /api/messages/:id/respond` (spec 3.5). The response is then checked against the review. */
export const RespondBody = z.object({
  response: JsonObject,
  modifiedFileIds: z.record(z.string(), z.string()).optional(),
  feedback: z.string().max(10_000).optional(),
})
export type RespondBody = z.infer<typeof RespondBody>

/**
 * Query of `GET /api/v1/reviews/:id/wait`: timeout in ms, default 30 000 (spec 2.2). Placet caps
 * it at 30 000; ours caps it at the server's LONG_POLL_MAX (default 30 000), since a hold costs
 * no database reads here (spec 9.2.6).
 */
export const WaitQuery = z.object({
  channel: Id.optional(),
  timeout: z.coerce
    .number()
    .catch(NaN)
    .optional()
    .transform((ms) =>
      ms === undefined || !Number.isFinite(ms) || ms <= 0 ? 30_000 : Math.floor(ms),
    ),
})
export type WaitQuery = z.infer<typeof WaitQuery>

/**
 * Query of `GET /api/messages/reviews` (dashboard inbox). The answer stays a plain `Message[]`
 * as in Placet; the next page's cursor comes in the `X-Next-Cursor` response header (absent on
 * the last page).
 */
export const ReviewListQuery = z.object({
  status: z
    .enum(['pending', 'completed', 'expired', 'cancelled', 'all'])
    .catch('all')
    .default('all'),
  channel: Id.optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).catch(50).default(50),
})
export type ReviewListQuery = z.infer<typeof ReviewListQuery>

/**
 * `GET /api/messages/reviews/counts` (ours): how many of the user's reviews stand in each
 * status, for the page title and the navigation badge.
 *
 * @example
 * document.title = `(${ReviewCounts.parse(body).pending}) Inbox`
 */
export const ReviewCounts = z.object({
  pending: z.number().int(),
  completed: z.number().int(),
  expired: z.number().int(),
  cancelled: z.number().int(),
})
export type ReviewCounts = z.infer<typeof ReviewCounts>

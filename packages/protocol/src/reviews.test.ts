import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  ApprovalOption,
  ApprovalPayload,
  ApprovalResponse,
  DEFAULT_APPROVAL_OPTIONS,
  FormField,
  FormFieldOption,
  FormFieldType,
  FormPayload,
  FormResponse,
  FreeformPayload,
  FreeformResponse,
  RespondBody,
  Responder,
  Review,
  ReviewCallback,
  ReviewListQuery,
  ReviewRequest,
  ReviewStatus,
  ReviewType,
  SelectionItem,
  SelectionPayload,
  SelectionResponse,
  TextInputPayload,
  TextInputResponse,
  WaitQuery,
} from './reviews.js'

const pathOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.path

/** The approval payload of the seed's full example (seed-websocket.md). */
const approvalPayload = {
  options: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
  ],
  allowComment: true,
}
const selectionPayload = {
  mode: 'multi',
  items: [
    { id: 'eu', label: 'Europe', description: 'Frankfurt' },
    { id: 'us', label: 'United States' },
  ],
}
/** One field of each of the 12 types (spec 1.6). */
const allFields = [
  { name: 'title', type: 'text', label: 'Title', required: true, placeholder: 'Release title' },
  {
    name: 'replicas',
    type: 'number',
    label: 'Replicas',
    min: 1,
    max: 10,
    step: 1,
    defaultValue: 3,
  },
  { name: 'contact', type: 'email', label: 'Contact' },
  { name: 'docs', type: 'url', label: 'Docs' },
  { name: 'notes', type: 'textarea', label: 'Notes' },
  {
    name: 'region',
    type: 'select',
    label: 'Region',
    options: [{ value: 'eu', label: 'Europe' }, 'us'],
  },
  {
    name: 'tos',
    type: 'checkbox',
    label: 'I agree',
    required: true,
    description: 'Terms of service',
  },
  { name: 'day', type: 'date', label: 'Day' },
  { name: 'at', type: 'time', label: 'At' },
  { name: 'window', type: 'datetime', label: 'Window' },
  { name: 'canary', type: 'range', label: 'Canary', min: 0, max: 100, unit: '%' },
  { name: 'token', type: 'password', label: 'Token' },
]
const pendingReview = {
  type: 'approval',
  payload: approvalPayload,
  status: 'pending',
  expiresAt: '2026-04-02T14:30:00.000Z',
}

describe('ReviewType', () => {
  it('lists the five built-in types and refuses others', () => {
    expect(ReviewType.options).toEqual(['approval', 'selection', 'form', 'text-input', 'freeform'])
    expect(ReviewType.safeParse('poll').success).toBe(false)
  })
})

describe('ReviewStatus', () => {
  it('accepts our cancelled status but not the removed changes_requested (spec 10)', () => {
    expect(ReviewStatus.safeParse('cancelled').success).toBe(true)
    expect(ReviewStatus.safeParse('changes_requested').success).toBe(false)
  })
})

describe('ApprovalOption', () => {
  it('accepts an option with an optional style', () => {
    expect(ApprovalOption.safeParse({ id: 'later', label: 'Later' }).success).toBe(true)
    expect(pathOf(ApprovalOption, { id: 'later', label: 'Later', style: 'warning' })).toEqual([
      'style',
    ])
  })
})

describe('ApprovalPayload', () => {
  it("accepts the seed's payload", () => {
    expect(ApprovalPayload.safeParse(approvalPayload).success).toBe(true)
  })

  it('needs at least one option', () => {
    expect(pathOf(ApprovalPayload, { options: [] })).toEqual(['options'])
  })
})

describe('DEFAULT_APPROVAL_OPTIONS', () => {
  it('are the Approve/Reject buttons, a valid payload', () => {
    expect(DEFAULT_APPROVAL_OPTIONS.map((option) => option.label)).toEqual(['Approve', 'Reject'])
    expect(ApprovalPayload.safeParse({ options: DEFAULT_APPROVAL_OPTIONS }).success).toBe(true)
  })
})

describe('ApprovalResponse', () => {
  it("accepts the seed's answer", () => {
    expect(
      ApprovalResponse.safeParse({ selectedOption: 'approve', comment: 'Go ahead' }).success,
    ).toBe(true)
    expect(pathOf(ApprovalResponse, { selectedOption: '' })).toEqual(['selectedOption'])
  })
})

describe('SelectionItem', () => {
  it('accepts an item with an optional description', () => {
    expect(SelectionItem.safeParse({ id: 'eu', label: 'Europe' }).success).toBe(true)
    expect(pathOf(SelectionItem, { id: 'eu' })).toEqual(['label'])
  })
})

describe('SelectionPayload', () => {
  it('accepts single and multi', () => {
    expect(SelectionPayload.safeParse(selectionPayload).success).toBe(true)
    expect(SelectionPayload.safeParse({ ...selectionPayload, mode: 'single' }).success).toBe(true)
  })

  it('rejects another mode and an empty item list', () => {
    expect(pathOf(SelectionPayload, { ...selectionPayload, mode: 'many' })).toEqual(['mode'])
    expect(pathOf(SelectionPayload, { ...selectionPayload, items: [] })).toEqual(['items'])
  })
})

describe('SelectionResponse', () => {
  it('needs at least one id', () => {
    expect(SelectionResponse.safeParse({ selectedIds: ['eu'] }).success).toBe(true)
    expect(pathOf(SelectionResponse, { selectedIds: [] })).toEqual(['selectedIds'])
  })
})

describe('FormFieldType', () => {
  it('lists the 12 field types', () => {
    expect(FormFieldType.options).toEqual(allFields.map((field) => field.type))
    expect(FormFieldType.safeParse('color').success).toBe(false)
  })
})

describe('FormFieldOption', () => {
  it('accepts a string or {value, label}', () => {
    expect(FormFieldOption.safeParse('eu').success).toBe(true)
    expect(FormFieldOption.safeParse({ value: 'eu', label: 'Europe' }).success).toBe(true)
    expect(FormFieldOption.safeParse({ value: 'eu' }).success).toBe(false)
  })
})

describe('FormField', () => {
  it('accepts every field of the 12-type example', () => {
    for (const field of allFields) expect(FormField.safeParse(field).success).toBe(true)
  })

  it('rejects an unknown type and a missing label', () => {
    expect(pathOf(FormField, { name: 'c', type: 'color', label: 'C' })).toEqual(['type'])
    expect(pathOf(FormField, { name: 'c', type: 'text' })).toEqual(['label'])
  })
})

describe('FormPayload', () => {
  it('accepts a form with all 12 field types', () => {
    expect(
      FormPayload.safeParse({ fields: allFields, submitLabel: 'Deploy', dismissLabel: 'Skip' })
        .success,
    ).toBe(true)
  })

  it('rejects duplicate field names at the duplicate', () => {
    const fields = [allFields[0], { ...allFields[4], name: 'title' }]
    expect(pathOf(FormPayload, { fields })).toEqual(['fields', 1, 'name'])
  })

  it('rejects a select field without options', () => {
    expect(
      pathOf(FormPayload, { fields: [{ name: 'region', type: 'select', label: 'Region' }] }),
    ).toEqual(['fields', 0, 'options'])
    expect(
      pathOf(FormPayload, {
        fields: [{ name: 'region', type: 'select', label: 'Region', options: [] }],
      }),
    ).toEqual(['fields', 0, 'options'])
  })

  it('needs at least one field', () => {
    expect(pathOf(FormPayload, { fields: [] })).toEqual(['fields'])
  })
})

describe('FormResponse', () => {
  it('accepts scalar values and the dismissal', () => {
    expect(
      FormResponse.safeParse({ title: 'v2.1.0', replicas: 3, tos: true, notes: null }).success,
    ).toBe(true)
    expect(FormResponse.safeParse({ _dismissed: true }).success).toBe(true)
  })

  it('rejects nested values', () => {
    expect(pathOf(FormResponse, { title: { text: 'v2' } })).toEqual(['title'])
  })
})

describe('TextInputPayload', () => {
  it('accepts the payload of spec 1.6', () => {
    const payload = {
      placeholder: 'Why?',
      prefill: '',
      markdown: true,
      minLength: 10,
      maxLength: 500,
    }
    expect(TextInputPayload.safeParse(payload).success).toBe(true)
  })

  it('rejects negative or zero limits', () => {
    expect(pathOf(TextInputPayload, { minLength: -1 })).toEqual(['minLength'])
    expect(pathOf(TextInputPayload, { maxLength: 0 })).toEqual(['maxLength'])
  })
})

describe('TextInputResponse', () => {
  it('accepts {text}', () => {
    expect(TextInputResponse.safeParse({ text: 'Because.' }).success).toBe(true)
    expect(pathOf(TextInputResponse, { text: 42 })).toEqual(['text'])
  })
})

describe('FreeformPayload and FreeformResponse', () => {
  it('accept any object', () => {
    expect(
      FreeformPayload.safeParse({ plugin: '@uax/chart', schema: { type: 'object' } }).success,
    ).toBe(true)
    expect(FreeformResponse.safeParse({ anything: [1, { deep: true }] }).success).toBe(true)
  })

  it('reject non-objects', () => {
    expect(FreeformPayload.safeParse([]).success).toBe(false)
    expect(FreeformResponse.safeParse('yes').success).toBe(false)
  })
})

describe('ReviewCallback', () => {
  it('accepts the legacy inline webhook', () => {
    const callback = {
      url: 'https://ci.example.com/hook',
      method: 'PUT',
      headers: { 'X-Job': '42' },
    }
    expect(ReviewCallback.safeParse(callback).success).toBe(true)
  })

  it('rejects GET and non-http URLs', () => {
    expect(pathOf(ReviewCallback, { url: 'https://ci.example.com/hook', method: 'GET' })).toEqual([
      'method',
    ])
    expect(pathOf(ReviewCallback, { url: 'file:///etc/passwd' })).toEqual(['url'])
  })
})

describe('ReviewRequest', () => {
  it('accepts an approval with or without payload', () => {
    expect(ReviewRequest.safeParse({ type: 'approval', payload: approvalPayload }).success).toBe(
      true,
    )
    expect(ReviewRequest.safeParse({ type: 'approval' }).success).toBe(true)
  })

  it('checks the approval payload when there is one', () => {
    expect(pathOf(ReviewRequest, { type: 'approval', payload: { options: [] } })).toEqual([
      'payload',
      'options',
    ])
  })

  it('needs a payload for selection and form', () => {
    expect(pathOf(ReviewRequest, { type: 'selection' })).toEqual(['payload'])
    expect(pathOf(ReviewRequest, { type: 'form' })).toEqual(['payload'])
  })

  it('accepts selection, form, text-input and freeform requests', () => {
    expect(ReviewRequest.safeParse({ type: 'selection', payload: selectionPayload }).success).toBe(
      true,
    )
    expect(ReviewRequest.safeParse({ type: 'form', payload: { fields: allFields } }).success).toBe(
      true,
    )
    expect(ReviewRequest.safeParse({ type: 'text-input' }).success).toBe(true)
    expect(
      ReviewRequest.safeParse({ type: 'text-input', payload: { markdown: true } }).success,
    ).toBe(true)
    expect(
      ReviewRequest.safeParse({ type: 'freeform', payload: { plugin: '@uax/diff' } }).success,
    ).toBe(true)
  })

  it('checks the form payload rules inside the request', () => {
    const fields = [allFields[0], allFields[0]]
    expect(pathOf(ReviewRequest, { type: 'form', payload: { fields } })).toEqual([
      'payload',
      'fields',
      1,
      'name',
    ])
  })

  it('rejects an unknown type', () => {
    expect(pathOf(ReviewRequest, { type: 'poll', payload: {} })).toEqual(['type'])
  })

  it('keeps expiry and callback for the server to resolve', () => {
    const request = {
      type: 'approval',
      expiresInSeconds: 3600,
      expiresAt: '2026-04-02T00:00:00Z',
      callback: null,
    }
    expect(ReviewRequest.parse(request)).toEqual(request)
  })
})

describe('Responder', () => {
  it('accepts {id, name}', () => {
    expect(Responder.safeParse({ id: 'clusr001', name: 'Admin' }).success).toBe(true)
    expect(pathOf(Responder, { id: '', name: 'Admin' })).toEqual(['id'])
  })
})

describe('Review', () => {
  it('accepts a pending and a completed review', () => {
    expect(Review.safeParse(pendingReview).success).toBe(true)
    const completed = {
      ...pendingReview,
      status: 'completed',
      response: { selectedOption: 'approve', comment: 'Go ahead' },
      feedback: null,
      completedAt: '2026-04-01T14:32:00.000Z',
      completed_at: '2026-04-01T14:32:00.000Z',
      respondedBy: { id: 'clusr001', name: 'Admin' },
    }
    expect(Review.safeParse(completed).success).toBe(true)
  })

  it('rejects the removed changes_requested status and a missing expiresAt', () => {
    expect(pathOf(Review, { ...pendingReview, status: 'changes_requested' })).toEqual(['status'])
    expect(pathOf(Review, { ...pendingReview, expiresAt: undefined })).toEqual(['expiresAt'])
  })
})

describe('RespondBody', () => {
  it('accepts the body of spec 3.5', () => {
    const body = {
      response: { selectedOption: 'approve' },
      modifiedFileIds: { clatt001: 'clatt002' },
      feedback: 'LGTM',
    }
    expect(RespondBody.safeParse(body).success).toBe(true)
  })

  it('requires an object response', () => {
    expect(pathOf(RespondBody, {})).toEqual(['response'])
    expect(pathOf(RespondBody, { response: 'approve' })).toEqual(['response'])
  })
})

describe('WaitQuery', () => {
  it.each([
    ['missing', undefined, 30_000],
    ['not a number', 'abc', 30_000],
    ['NaN', 'NaN', 30_000],
    ['zero', '0', 30_000],
    ['negative', '-5', 30_000],
    ['above 30 s (the server caps it)', '45000', 45_000],
    ['a valid string', '5000', 5_000],
  ])('turns a %s timeout (%s) into %i ms', (_, timeout, expected) => {
    expect(WaitQuery.parse({ timeout }).timeout).toBe(expected)
  })

  it('rejects an empty channel', () => {
    expect(pathOf(WaitQuery, { channel: '' })).toEqual(['channel'])
  })
})

describe('ReviewListQuery', () => {
  it('coerces the query and defaults to all (spec 3.5)', () => {
    expect(ReviewListQuery.parse({ status: 'pending', limit: '25' })).toEqual({
      status: 'pending',
      limit: 25,
    })
    expect(ReviewListQuery.parse({})).toEqual({ status: 'all', limit: 50 })
    expect(ReviewListQuery.parse({ status: 'bogus', limit: '500' })).toEqual({
      status: 'all',
      limit: 50,
    })
  })

  it('rejects an empty channel', () => {
    expect(pathOf(ReviewListQuery, { channel: '' })).toEqual(['channel'])
  })
})

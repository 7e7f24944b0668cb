import { z } from 'zod'
import type { ValidationIssue } from './common.js'
import {
  ApprovalPayload,
  ApprovalResponse,
  DEFAULT_APPROVAL_OPTIONS,
  FormPayload,
  FormResponse,
  FreeformResponse,
  SelectionPayload,
  SelectionResponse,
  TextInputPayload,
  TextInputResponse,
} from './reviews.js'
import type { FormField, ReviewType } from './reviews.js'

/** The part of a review a response is checked against. */
export type ReviewForCheck = { type: ReviewType; payload?: Record<string, unknown> | null }

/** Outcome of {@link checkReviewResponse}: the parsed answer, or the issues with their paths. */
export type ReviewResponseCheck =
  { success: true; data: Record<string, unknown> } | { success: false; issues: ValidationIssue[] }

const DISMISSED = '_dismissed'

/**
 * Checks a person's answer against the review it answers (spec 1.6; Placet checks nothing,
 * 9.2.2): the option must exist, a single selection has exactly one id, required form fields are
 * there and typed, text respects its length limits. Paths point into the response object.
 *
 * @example
 * const check = checkReviewResponse(
 *   { type: 'selection', payload: { mode: 'single', items: [{ id: 'a', label: 'A' }] } },
 *   { selectedIds: ['a'] },
 * )
 * if (!check.success) console.log(check.issues)
 */
export function checkReviewResponse(
  review: ReviewForCheck,
  response: unknown,
): ReviewResponseCheck {
  const issues: ValidationIssue[] = []
  const fail = (path: (string | number)[], message: string) =>
    issues.push({ code: 'invalid_response', message, path })
  const parse = <Schema extends z.ZodType>(
    schema: Schema,
    value: unknown,
  ): z.infer<Schema> | undefined => {
    const result = schema.safeParse(value)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      issues.push({
        code: issue.code,
        message: issue.message,
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      })
    }
    return undefined
  }
  // Payloads are checked when the review is created; a broken stored one still must not throw.
  const parsePayload = <Schema extends z.ZodType>(
    schema: Schema,
    value: unknown,
  ): z.infer<Schema> | undefined => {
    const result = schema.safeParse(value)
    if (!result.success) fail(['payload'], 'The review payload is invalid')
    return result.success ? result.data : undefined
  }
  const done = (data: Record<string, unknown> | undefined): ReviewResponseCheck =>
    issues.length === 0 && data ? { success: true, data } : { success: false, issues }

  switch (review.type) {
    case 'approval': {
      const payload = ApprovalPayload.safeParse(review.payload)
      const options = payload.success ? payload.data.options : DEFAULT_APPROVAL_OPTIONS
      const answer = parse(ApprovalResponse, response)
      if (answer && !options.some((option) => option.id === answer.selectedOption)) {
        fail(['selectedOption'], `Unknown option "${answer.selectedOption}"`)
      }
      return done(answer)
    }
    case 'selection': {
      const payload = parsePayload(SelectionPayload, review.payload)
      if (!payload) return done(undefined)
      const answer = parse(SelectionResponse, response)
      if (!answer) return done(answer)
      const known = new Set(payload.items.map((item) => item.id))
      answer.selectedIds.forEach((id, index) => {
        if (!known.has(id)) fail(['selectedIds', index], `Unknown item "${id}"`)
      })
      if (new Set(answer.selectedIds).size !== answer.selectedIds.length)
        fail(['selectedIds'], 'Duplicate ids')
      if (payload.mode === 'single' && answer.selectedIds.length !== 1) {
        fail(['selectedIds'], 'A single selection takes exactly one id')
      }
      return done(answer)
    }
    case 'form': {
      const payload = parsePayload(FormPayload, review.payload)
      if (!payload) return done(undefined)
      const answer = parse(FormResponse, response)
      if (!answer) return done(answer)
      if (answer[DISMISSED] === true) return done({ [DISMISSED]: true })
      const fields = new Map(payload.fields.map((field) => [field.name, field]))
      for (const name of Object.keys(answer)) {
        if (!fields.has(name)) fail([name], `Unknown field "${name}"`)
      }
      for (const field of payload.fields) {
        const problem = checkFormValue(field, answer[field.name])
        if (problem) fail([field.name], problem)
      }
      return done(answer)
    }
    case 'text-input': {
      const payload = TextInputPayload.safeParse(review.payload ?? {})
      const answer = parse(TextInputResponse, response)
      if (answer && payload.success) {
        const { minLength, maxLength } = payload.data
        if (minLength !== undefined && answer.text.length < minLength)
          fail(['text'], `At least ${minLength} characters`)
        if (maxLength !== undefined && answer.text.length > maxLength)
          fail(['text'], `At most ${maxLength} characters`)
      }
      return done(answer)
    }
    case 'freeform':
      return done(parse(FreeformResponse, response))
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^\d{2}:\d{2}(:\d{2})?$/
const HTTP_URL = z.url({ protocol: /^https?$/ })

/** `2026-02-30` matches the pattern but is no day of the calendar. */
function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false
  const [year, month, day] = value.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  )
}

function isRealTime(value: string): boolean {
  if (!TIME.test(value)) return false
  const [hours, minutes, seconds = 0] = value.split(':').map(Number) as [number, number, number?]
  return hours < 24 && minutes < 60 && seconds < 60
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/

/** Returns why a form value does not fit its field, or undefined when it does. */
function checkFormValue(field: FormField, value: unknown): string | undefined {
  const isEmpty =
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  if (isEmpty) return field.required ? `"${field.label || field.name}" is required` : undefined
  switch (field.type) {
    case 'checkbox':
      if (typeof value !== 'boolean') return 'Expected true or false'
      return field.required && value !== true
        ? `"${field.label || field.name}" must be checked`
        : undefined
    case 'number':
    case 'range': {
      const number = typeof value === 'string' ? Number(value) : value
      if (typeof number !== 'number' || !Number.isFinite(number)) return 'Expected a number'
      if (field.min !== undefined && number < field.min) return `At least ${field.min}`
      if (field.max !== undefined && number > field.max) return `At most ${field.max}`
      return undefined
    }
    case 'select': {
      const allowed = (field.options ?? []).map((option) =>
        typeof option === 'string' ? option : option.value,
      )
      return allowed.includes(String(value)) ? undefined : `Unknown option "${String(value)}"`
    }
    case 'email':
      return typeof value === 'string' && z.email().safeParse(value).success
        ? undefined
        : 'Expected an email address'
    case 'url':
      return typeof value === 'string' && HTTP_URL.safeParse(value).success
        ? undefined
        : 'Expected an http(s) URL'
    case 'date':
      return typeof value === 'string' && isRealDate(value)
        ? undefined
        : 'Expected a date (YYYY-MM-DD)'
    case 'time':
      return typeof value === 'string' && isRealTime(value) ? undefined : 'Expected a time (HH:MM)'
    case 'datetime': {
      const [date = '', time = ''] = typeof value === 'string' ? value.split('T') : []
      const isValid =
        typeof value === 'string' &&
        DATETIME.test(value) &&
        isRealDate(date) &&
        isRealTime(time.slice(0, 8).replace(/[Z+-].*$/, ''))
      return isValid ? undefined : 'Expected a date and time'
    }
    case 'text':
    case 'textarea':
    case 'password': {
      if (typeof value !== 'string') return 'Expected text'
      if (field.min !== undefined && value.length < field.min)
        return `At least ${field.min} characters`
      if (field.max !== undefined && value.length > field.max)
        return `At most ${field.max} characters`
      return undefined
    }
  }
}

/** What password form answers read as outside the agent's own API (spec 1.6). */
export const REDACTED = '***REDACTED***'

/**
 * Replaces the values of password fields in a form answer with {@link REDACTED}. Other review
 * types are returned unchanged.
 *
 * @example
 * const safe = redactReviewResponse(message.review)
 */
export function redactReviewResponse<
  Value extends { type: string; payload?: unknown; response?: Record<string, unknown> | null },
>(review: Value): Value {
  if (review.type !== 'form' || !review.response) return review
  const payload = FormPayload.safeParse(review.payload)
  if (!payload.success) return review
  const secret = payload.data.fields
    .filter((field) => field.type === 'password')
    .map((field) => field.name)
  if (!secret.some((name) => name in review.response!)) return review
  const response = { ...review.response }
  for (const name of secret)
    if (name in response && response[name] !== null) response[name] = REDACTED
  return { ...review, response }
}

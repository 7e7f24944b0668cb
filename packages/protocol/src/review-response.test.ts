import { describe, expect, it } from 'vitest'
import { REDACTED, checkReviewResponse, redactReviewResponse } from './review-response.js'
import type { ReviewForCheck } from './review-response.js'

/** The paths of the issues of a response, or [] when it passes. */
const issuePaths = (review: ReviewForCheck, response: unknown) => {
  const check = checkReviewResponse(review, response)
  return check.success ? [] : check.issues.map((issue) => issue.path)
}
const passes = (review: ReviewForCheck, response: unknown) =>
  checkReviewResponse(review, response).success

const approval: ReviewForCheck = {
  type: 'approval',
  payload: {
    options: [
      { id: 'ship', label: 'Ship' },
      { id: 'hold', label: 'Hold' },
    ],
  },
}
const selection = (mode: 'single' | 'multi'): ReviewForCheck => ({
  type: 'selection',
  payload: {
    mode,
    items: [
      { id: 'eu', label: 'Europe' },
      { id: 'us', label: 'United States' },
    ],
  },
})
const form = (...fields: Record<string, unknown>[]): ReviewForCheck => ({
  type: 'form',
  payload: { fields },
})
const textInput: ReviewForCheck = { type: 'text-input', payload: { minLength: 3, maxLength: 5 } }

describe('checkReviewResponse: approval', () => {
  it('accepts a known option with a comment', () => {
    expect(checkReviewResponse(approval, { selectedOption: 'ship', comment: 'Go' })).toEqual({
      success: true,
      data: { selectedOption: 'ship', comment: 'Go' },
    })
  })

  it('rejects an unknown option id', () => {
    expect(issuePaths(approval, { selectedOption: 'approve' })).toEqual([['selectedOption']])
  })

  it('falls back to Approve/Reject when the payload is missing (spec 1.6)', () => {
    expect(passes({ type: 'approval' }, { selectedOption: 'approve' })).toBe(true)
    expect(passes({ type: 'approval', payload: null }, { selectedOption: 'reject' })).toBe(true)
    expect(issuePaths({ type: 'approval' }, { selectedOption: 'ship' })).toEqual([
      ['selectedOption'],
    ])
  })

  it('rejects an answer of the wrong shape', () => {
    expect(issuePaths(approval, { selectedIds: ['ship'] })).toEqual([['selectedOption']])
  })
})

describe('checkReviewResponse: selection', () => {
  it('accepts one id in single mode and several in multi mode', () => {
    expect(passes(selection('single'), { selectedIds: ['eu'] })).toBe(true)
    expect(passes(selection('multi'), { selectedIds: ['eu', 'us'] })).toBe(true)
  })

  it('rejects two ids in single mode', () => {
    expect(issuePaths(selection('single'), { selectedIds: ['eu', 'us'] })).toEqual([
      ['selectedIds'],
    ])
  })

  it('rejects an unknown id at its index', () => {
    expect(issuePaths(selection('multi'), { selectedIds: ['eu', 'apac'] })).toEqual([
      ['selectedIds', 1],
    ])
  })

  it('rejects duplicates', () => {
    expect(issuePaths(selection('multi'), { selectedIds: ['eu', 'eu'] })).toEqual([['selectedIds']])
  })

  it('rejects an empty selection', () => {
    expect(issuePaths(selection('multi'), { selectedIds: [] })).toEqual([['selectedIds']])
  })
})

describe('checkReviewResponse: form', () => {
  const title = { name: 'title', type: 'text', label: 'Title', required: true }
  const notes = { name: 'notes', type: 'textarea', label: 'Notes' }

  it('accepts the required fields, optional ones left out', () => {
    expect(checkReviewResponse(form(title, notes), { title: 'v2.1.0' })).toEqual({
      success: true,
      data: { title: 'v2.1.0' },
    })
  })

  it('rejects a missing or empty required field', () => {
    expect(issuePaths(form(title, notes), { notes: 'x' })).toEqual([['title']])
    expect(issuePaths(form(title), { title: '' })).toEqual([['title']])
  })

  it('rejects an unknown field', () => {
    expect(issuePaths(form(title), { title: 'v2', color: 'red' })).toEqual([['color']])
  })

  it('accepts the dismissal without the required fields', () => {
    expect(checkReviewResponse(form(title), { _dismissed: true })).toEqual({
      success: true,
      data: { _dismissed: true },
    })
  })

  it('rejects nested values', () => {
    expect(issuePaths(form(title), { title: { text: 'v2' } })).toEqual([['title']])
  })

  it('checks number and range bounds', () => {
    const replicas = { name: 'replicas', type: 'number', label: 'Replicas', min: 1, max: 10 }
    const canary = { name: 'canary', type: 'range', label: 'Canary', min: 0, max: 100 }
    expect(passes(form(replicas, canary), { replicas: 3, canary: '50' })).toBe(true)
    expect(issuePaths(form(replicas), { replicas: 0 })).toEqual([['replicas']])
    expect(issuePaths(form(replicas), { replicas: 11 })).toEqual([['replicas']])
    expect(issuePaths(form(canary), { canary: 101 })).toEqual([['canary']])
    expect(issuePaths(form(replicas), { replicas: 'three' })).toEqual([['replicas']])
  })

  // Fails today: Number('  ') is 0, so a blank string passes as a number (bug report).
  it('rejects a blank string in a number field', () => {
    const replicas = { name: 'replicas', type: 'number', label: 'Replicas', required: true }
    expect(issuePaths(form(replicas), { replicas: '  ' })).toEqual([['replicas']])
  })

  it('accepts only listed select values, in both option shapes', () => {
    const region = {
      name: 'region',
      type: 'select',
      label: 'Region',
      options: [{ value: 'eu', label: 'Europe' }, 'us'],
    }
    expect(passes(form(region), { region: 'eu' })).toBe(true)
    expect(passes(form(region), { region: 'us' })).toBe(true)
    expect(issuePaths(form(region), { region: 'Europe' })).toEqual([['region']])
  })

  it('requires a required checkbox to be true', () => {
    const tos = { name: 'tos', type: 'checkbox', label: 'I agree', required: true }
    expect(passes(form(tos), { tos: true })).toBe(true)
    expect(issuePaths(form(tos), { tos: false })).toEqual([['tos']])
    expect(issuePaths(form(tos), { tos: 'true' })).toEqual([['tos']])
  })

  // Fails today: checkFormValue exempts checkboxes from the "required" check when the value is
  // missing, so an unchecked required checkbox that the client left out passes (bug report).
  it('rejects a required checkbox that is left out', () => {
    const tos = { name: 'tos', type: 'checkbox', label: 'I agree', required: true }
    expect(issuePaths(form(tos), {})).toEqual([['tos']])
  })

  it('accepts an optional checkbox left false', () => {
    const notify = { name: 'notify', type: 'checkbox', label: 'Notify me' }
    expect(passes(form(notify), { notify: false })).toBe(true)
  })

  it.each([
    ['email', 'ops@example.com', 'ops@'],
    ['url', 'https://docs.example.com/release', 'docs.example.com'],
    ['date', '2026-04-01', '01/04/2026'],
    ['time', '14:30', '2pm'],
    ['datetime', '2026-04-01T14:30', '2026-04-01 14:30'],
  ])('checks the %s format', (type, valid, invalid) => {
    const field = { name: 'value', type, label: 'Value' }
    expect(passes(form(field), { value: valid })).toBe(true)
    expect(issuePaths(form(field), { value: invalid })).toEqual([['value']])
  })

  it('accepts seconds and zones in datetime values', () => {
    const field = { name: 'window', type: 'datetime', label: 'Window' }
    expect(passes(form(field), { window: '2026-04-01T14:30:00.000Z' })).toBe(true)
    expect(passes(form(field), { window: '2026-04-01T14:30:00+02:00' })).toBe(true)
  })

  // Fails today: DATE, TIME and DATETIME check the digit pattern only, not the calendar or
  // the clock (bug report).
  it.each([
    ['date', '2026-13-45'],
    ['time', '25:99'],
    ['datetime', '2026-02-30T24:61'],
  ])('rejects a %s that does not exist (%s)', (type, invalid) => {
    const field = { name: 'value', type, label: 'Value' }
    expect(issuePaths(form(field), { value: invalid })).toEqual([['value']])
  })

  it('checks text length against min and max', () => {
    const code = { name: 'code', type: 'text', label: 'Code', min: 2, max: 4 }
    expect(passes(form(code), { code: 'abc' })).toBe(true)
    expect(issuePaths(form(code), { code: 'a' })).toEqual([['code']])
    expect(issuePaths(form(code), { code: 'abcde' })).toEqual([['code']])
    expect(issuePaths(form(code), { code: 42 })).toEqual([['code']])
  })
})

describe('checkReviewResponse: text-input', () => {
  it('accepts text within minLength and maxLength', () => {
    expect(checkReviewResponse(textInput, { text: 'abcd' })).toEqual({
      success: true,
      data: { text: 'abcd' },
    })
    expect(passes({ type: 'text-input' }, { text: '' })).toBe(true)
  })

  it('rejects text outside the limits', () => {
    expect(issuePaths(textInput, { text: 'ab' })).toEqual([['text']])
    expect(issuePaths(textInput, { text: 'abcdef' })).toEqual([['text']])
  })

  it('rejects an answer without text', () => {
    expect(issuePaths(textInput, { value: 'abcd' })).toEqual([['text']])
  })
})

describe('checkReviewResponse: freeform', () => {
  it('accepts any object', () => {
    const answer = { verdict: 'ok', marks: [{ line: 3 }] }
    expect(
      checkReviewResponse({ type: 'freeform', payload: { plugin: '@uax/diff' } }, answer),
    ).toEqual({ success: true, data: answer })
  })

  it('rejects non-objects', () => {
    for (const answer of ['ok', 42, null, ['ok']]) {
      expect(issuePaths({ type: 'freeform' }, answer)).toEqual([[]])
    }
  })
})

describe('redactReviewResponse', () => {
  const token = { name: 'token', type: 'password', label: 'Token' }
  const user = { name: 'user', type: 'text', label: 'User' }
  const review = {
    type: 'form',
    payload: { fields: [user, token] },
    response: { user: 'ci', token: 's3cret' },
  }

  it('hides password fields of form answers', () => {
    expect(redactReviewResponse(review).response).toEqual({ user: 'ci', token: REDACTED })
    expect(REDACTED).toBe('***REDACTED***')
  })

  it('leaves the input object unmodified', () => {
    const before = JSON.parse(JSON.stringify(review))
    expect(redactReviewResponse(review)).not.toBe(review)
    expect(review).toEqual(before)
  })

  it('keeps a null password as null', () => {
    expect(
      redactReviewResponse({ ...review, response: { user: 'ci', token: null } }).response,
    ).toEqual({ user: 'ci', token: null })
  })

  it('leaves other review types alone, even with a password key', () => {
    const freeform = {
      type: 'freeform',
      payload: { fields: [token] },
      response: { token: 's3cret' },
    }
    expect(redactReviewResponse(freeform)).toBe(freeform)
  })

  it('leaves unanswered and dismissed forms alone', () => {
    const pending = { ...review, response: null }
    const dismissed = { ...review, response: { _dismissed: true } }
    expect(redactReviewResponse(pending)).toBe(pending)
    expect(redactReviewResponse(dismissed)).toBe(dismissed)
  })
})

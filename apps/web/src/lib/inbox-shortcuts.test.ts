import { describe, expect, it } from 'vitest'
import { inboxActionOf, isTypingTarget } from './inbox-shortcuts'

const key = (value: string, target: unknown = { tagName: 'BODY' }, modifiers = {}) => ({
  key: value,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target,
  ...modifiers,
})

describe('inboxActionOf', () => {
  it('maps the triage keys', () => {
    expect(
      ['j', 'k', 'a', 'r', 'Enter', 'c', 'x', '/', '?'].map((k) => inboxActionOf(key(k))),
    ).toEqual([
      'next',
      'previous',
      'approve',
      'reject',
      'open',
      'comment',
      'select',
      'filter',
      'help',
    ])
    expect(inboxActionOf(key('q'))).toBeNull()
  })

  it('never fires while typing or with a modifier held', () => {
    expect(inboxActionOf(key('a', { tagName: 'TEXTAREA' }))).toBeNull()
    expect(inboxActionOf(key('j', { tagName: 'INPUT', type: 'search' }))).toBeNull()
    expect(inboxActionOf(key('r', { tagName: 'DIV', isContentEditable: true }))).toBeNull()
    expect(inboxActionOf(key('k', { tagName: 'SELECT' }))).toBeNull()
    expect(inboxActionOf(key('a', { tagName: 'BODY' }, { ctrlKey: true }))).toBeNull()
    expect(inboxActionOf(key('r', { tagName: 'BODY' }, { metaKey: true }))).toBeNull()
  })

  it('still fires on a focused checkbox or button', () => {
    expect(inboxActionOf(key('j', { tagName: 'INPUT', type: 'checkbox' }))).toBe('next')
    expect(inboxActionOf(key('a', { tagName: 'BUTTON' }))).toBe('approve')
  })
})

describe('isTypingTarget', () => {
  it('treats text inputs without a type as typing', () => {
    expect(isTypingTarget({ tagName: 'input' })).toBe(true)
    expect(isTypingTarget({ tagName: 'INPUT', type: 'radio' })).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })
})

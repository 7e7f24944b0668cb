import { describe, expect, it } from 'vitest'
import { cleanFilename, cleanMimeType, uniqueEntryNames } from './file-names.ts'

describe('cleanFilename', () => {
  it('keeps Unicode and quotes but drops path parts and control characters', () => {
    expect(cleanFilename('Übersicht "Q3" 📈.pdf')).toBe('Übersicht "Q3" 📈.pdf')
    expect(cleanFilename('../../etc/passwd')).toBe('passwd')
    expect(cleanFilename('C:\\Users\\me\\a.txt')).toBe('a.txt')
    expect(cleanFilename('evil\r\nSet-Cookie: x.txt')).toBe('evilSet-Cookie: x.txt')
    expect(cleanFilename('')).toBe('file')
    expect(cleanFilename(undefined)).toBe('file')
    expect([...cleanFilename('é'.repeat(400))]).toHaveLength(255)
  })
})

describe('cleanMimeType', () => {
  it('accepts plain types and falls back to octet-stream', () => {
    expect(cleanMimeType('Image/PNG')).toBe('image/png')
    expect(cleanMimeType('text/plain; charset=utf-8')).toBe('text/plain')
    expect(cleanMimeType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream')
    expect(cleanMimeType('nonsense')).toBe('application/octet-stream')
    expect(cleanMimeType(undefined)).toBe('application/octet-stream')
  })
})

describe('uniqueEntryNames', () => {
  it('numbers duplicates and hides leading dots', () => {
    expect(uniqueEntryNames(['a.txt', 'a.txt', 'A.txt', 'b', '.env'])).toEqual([
      'a.txt',
      'a (2).txt',
      'A (3).txt',
      'b',
      '_env',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { parseCsv } from './parse-csv'

describe('parseCsv', () => {
  it('splits rows and fields, with quoted commas, quotes and line breaks', () => {
    expect(parseCsv('name,note\r\n"Ada","said ""hi"", then left"\n"multi\nline",x\n')).toEqual([
      ['name', 'note'],
      ['Ada', 'said "hi", then left'],
      ['multi\nline', 'x'],
    ])
  })

  it('keeps a last row without a line break and stops at maxRows', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(parseCsv('1\n2\n3\n4', 2)).toEqual([['1'], ['2']])
  })
})

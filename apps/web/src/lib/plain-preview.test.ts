import { describe, expect, it } from 'vitest'
import { plainPreview } from './plain-preview'

describe('plainPreview', () => {
  it('keeps the first line as plain text', () => {
    expect(plainPreview('\n## Deploy **v2** done\nmore')).toBe('Deploy v2 done')
    expect(plainPreview('- [x] see [the notes](https://example.com) `now`')).toBe(
      'see the notes now',
    )
    expect(plainPreview('> quoted _text_')).toBe('quoted text')
    expect(plainPreview(null)).toBe('')
  })

  it('cuts long lines with an ellipsis', () => {
    expect(plainPreview('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`)
  })
})

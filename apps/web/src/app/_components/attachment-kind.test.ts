import { describe, expect, it } from 'vitest'
import { attachmentKindOf } from './attachment-kind'

describe('attachmentKindOf', () => {
  it('picks a viewer from the mime type', () => {
    expect(attachmentKindOf({ mimeType: 'image/png' })).toBe('image')
    expect(attachmentKindOf({ mimeType: 'application/pdf' })).toBe('pdf')
    expect(attachmentKindOf({ mimeType: 'video/mp4' })).toBe('video')
    expect(attachmentKindOf({ mimeType: 'audio/ogg' })).toBe('audio')
    expect(attachmentKindOf({ mimeType: 'text/csv' })).toBe('text')
    expect(attachmentKindOf({ mimeType: 'text/markdown' })).toBe('text')
    expect(attachmentKindOf({ mimeType: 'application/json' })).toBe('text')
    expect(attachmentKindOf({ mimeType: 'application/zip' })).toBe('other')
  })

  it('never renders active content: SVG and HTML are downloads', () => {
    expect(attachmentKindOf({ mimeType: 'image/svg+xml' })).toBe('other')
    expect(attachmentKindOf({ mimeType: 'text/html' })).toBe('other')
  })
})

import type { Attachment } from '@placet/protocol'

/** How the dashboard shows a file: which viewer the preview dialog opens. */
export type AttachmentKind = 'image' | 'pdf' | 'video' | 'audio' | 'text' | 'other'

/** Shown as text: readable types the server sends inline (spec 6.2: text, markdown, CSV, code). */
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/x-yaml'])

/**
 * The viewer for an attachment, from its mime type. SVG counts as "other": the server sends
 * it only as a download, since an SVG can carry script (issue 11).
 */
export function attachmentKindOf({ mimeType }: Pick<Attachment, 'mimeType'>): AttachmentKind {
  if (mimeType.startsWith('image/') && mimeType !== 'image/svg+xml') return 'image'
  if (mimeType === 'application/pdf') return 'pdf'
  if (mimeType.startsWith('video/')) return 'video'
  if (mimeType.startsWith('audio/')) return 'audio'
  if ((mimeType.startsWith('text/') && mimeType !== 'text/html') || TEXT_TYPES.has(mimeType))
    return 'text'
  return 'other'
}

const MAX_FILENAME_LENGTH = 255
const MIME_TYPE = /^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/

/**
 * The name a file is shown and downloaded under: any Unicode, without control characters or
 * path parts, at most 255 characters. It is never used to build a storage key or a path.
 */
export function cleanFilename(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return [...cleaned].slice(0, MAX_FILENAME_LENGTH).join('') || 'file'
}

/** The client's content type when it is a plain `type/subtype`, otherwise octet-stream. */
export function cleanMimeType(mimeType: string | undefined): string {
  const value = (mimeType ?? '').split(';')[0]!.trim().toLowerCase()
  return MIME_TYPE.test(value) && value.length <= 255 ? value : 'application/octet-stream'
}

/**
 * Entry names for a ZIP of several files: the shown names, made unique (`a.txt`,
 * `a (2).txt`) so no entry overwrites another when unpacked. `cleanFilename` already removed
 * path parts, so no entry can climb out of the folder it is unpacked in.
 */
export function uniqueEntryNames(filenames: string[]): string[] {
  const taken = new Set<string>()
  return filenames.map((filename) => {
    const name = cleanFilename(filename.replace(/^\.+/, '_'))
    const dot = name.lastIndexOf('.')
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '']
    let candidate = name
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy++)
      candidate = `${stem} (${copy})${extension}`
    taken.add(candidate.toLowerCase())
    return candidate
  })
}

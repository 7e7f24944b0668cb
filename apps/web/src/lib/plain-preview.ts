/**
 * One line of a markdown message as plain text, for previews (chat list, open-review chips):
 * the first non-empty line without heading, quote, list and emphasis markers, links as
 * their text.
 */
export function plainPreview(markdown: string | null, maxLength = 80): string {
  const line = (markdown ?? '').split('\n').find((candidate) => candidate.trim()) ?? ''
  const plain = line
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(#{1,6}\s|>\s?|[-*+]\s(\[[ xX]\]\s)?|\d+\.\s)/, '')
    .replace(/[*_~`]+/g, '')
    .trim()
  return plain.length > maxLength ? `${plain.slice(0, maxLength - 1)}…` : plain
}

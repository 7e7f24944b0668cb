/**
 * Rows of a CSV text (RFC 4180): quoted fields may hold commas, line breaks and doubled quotes.
 * Enough for a preview table; `maxRows` keeps a huge file from freezing the page.
 *
 * @example
 * parseCsv('name,note\n"Ada","said ""hi"""') // [['name', 'note'], ['Ada', 'said "hi"']]
 */
export function parseCsv(text: string, maxRows = 500): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let isQuoted = false
  for (let index = 0; index < text.length && rows.length < maxRows; index++) {
    const char = text[index]
    if (isQuoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"'
        index++
      } else if (char === '"') isQuoted = false
      else field += char
    } else if (char === '"') isQuoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if ((field !== '' || row.length > 0) && rows.length < maxRows) rows.push([...row, field])
  return rows
}

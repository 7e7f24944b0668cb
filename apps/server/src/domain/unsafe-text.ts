/**
 * Input that no route or socket event can store or even walk safely: JSON nested deeper than
 * any wire shape needs (a recursive walk over 5,000 levels overflows the stack), NUL characters
 * (PostgreSQL text cannot hold them) and unpaired UTF-16 surrogates (neither database can encode
 * them; issue 14). Checked once at each edge, before validation, so nothing deeper has to care.
 */

/** The deepest wire shape (a form answer inside a review inside a message) needs about 6. */
export const MAX_JSON_DEPTH = 64

/** Why `value` cannot be accepted, or null when it can. Iterative: any depth is safe to check. */
export function findUnsafeText(value: unknown): string | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const problem = describeUnsafeString(item.value)
    if (problem) return problem
    if (item.value === null || typeof item.value !== 'object') continue
    if (item.depth >= MAX_JSON_DEPTH) return `JSON may not be nested deeper than ${MAX_JSON_DEPTH}`
    for (const [key, child] of Object.entries(item.value)) {
      const keyProblem = describeUnsafeString(key)
      if (keyProblem) return keyProblem
      pending.push({ value: child, depth: item.depth + 1 })
    }
  }
  return null
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function describeUnsafeString(value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (value.includes('\u0000')) return 'Text may not contain NUL characters'
  if (LONE_SURROGATE.test(value)) return 'Text may not contain unpaired UTF-16 surrogates'
  return null
}

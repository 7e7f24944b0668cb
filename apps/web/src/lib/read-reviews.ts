/**
 * Per-item unread markers of the inbox, kept in localStorage like Placet's (spec 6.3): the ids
 * of reviews the person has opened, newest last, at most {@link MAX_READ_REVIEWS}.
 */
export const READ_REVIEWS_KEY = 'placet:inbox-read'
export const MAX_READ_REVIEWS = 500

/** The storage the markers live in: `window.localStorage` in the browser. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>

export function loadReadReviews(storage: KeyValueStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(READ_REVIEWS_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

/** Marks a review read; the oldest markers fall off past the cap. Returns the new list. */
export function markReviewRead(storage: KeyValueStorage, id: string): string[] {
  const ids = [...loadReadReviews(storage).filter((known) => known !== id), id].slice(
    -MAX_READ_REVIEWS,
  )
  try {
    storage.setItem(READ_REVIEWS_KEY, JSON.stringify(ids))
  } catch {
    // Storage full or disabled (private mode): the markers simply do not persist.
  }
  return ids
}

import { ApiError } from './api-client'

/** A sentence for the user about a failed API call. */
export function describeRequestError(error: unknown): string {
  if (error instanceof ApiError) return error.message
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return 'Cannot reach the Placet server. Check your connection.'
  return 'Something went wrong. Please try again.'
}

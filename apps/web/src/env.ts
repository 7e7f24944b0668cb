import { z } from 'zod'

/**
 * The dashboard's only environment variables (style rule 8), parsed once. Next inlines
 * `NEXT_PUBLIC_*` values into the browser bundle at build time, and only when they are read
 * as literal `process.env.NAME` expressions, so each key is spelled out below.
 * `next.config.ts` imports this file, so a bad value fails the build instead of the browser.
 */
const PublicEnv = z.object({
  /**
   * Origin of the Placet server. Empty (the default) means same origin: the server hands out
   * this static export on the port of its API, so the browser calls `/api/*` relatively.
   */
  NEXT_PUBLIC_API_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .default('')
    .transform((url) => url.replace(/\/+$/, '')),
})

export const env = Object.freeze(
  PublicEnv.parse({
    NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL,
  }),
)

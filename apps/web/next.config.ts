import type { NextConfig } from 'next'
// Imported for its side effect: a bad NEXT_PUBLIC_* value fails `next build` here.
import './src/env'

/**
 * The dashboard is a static export (`out/`), served by apps/server on the API's own port, so
 * there is no Next server at run time: no API routes, rewrites, middleware or image optimizer.
 * `trailingSlash` writes every page as `out/<route>/index.html`, which any static file server
 * finds without extension rewriting.
 */
const nextConfig: NextConfig = {
  output: 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  // Next bundles @placet/protocol from its built `dist/` (the `default` export condition), so
  // protocol's `build` must run first; turbo's `^build` does that. Its source cannot be used
  // instead: Turbopack has no option for the custom `@placet/source` condition, and an alias
  // to `src/` fails on the `./common.js`-style specifiers, which it does not map to `.ts`.
  // `tsc` and vitest here do read the source through that condition.
  transpilePackages: ['@placet/protocol'],
  reactStrictMode: true,
  poweredByHeader: false,
}

export default nextConfig

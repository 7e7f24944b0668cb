// One lint setup for the whole workspace (style.md rule 10: type-only imports use `import type`).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The server's layers (ARCHITECTURE.md): `http` and `realtime` call `domain`, `jobs` call
 * `domain`, `domain` calls `store`; nothing imports upward or sideways between edges.
 * `config.ts` and `logger.ts` are shared by all. `server.ts` and `services.ts` assemble the
 * layers; the HTTP app only takes the `Services` type from there.
 */
// Relative imports only: a package path such as `@modelcontextprotocol/sdk/server/…` is no layer.
const layer = (name) => ({
  regex: `^\\.\\.?/(.*/)?${name}(/|\\.ts$)`,
  message: `The ${name} layer is above or beside this one (ARCHITECTURE.md).`,
})
const serverLayers = {
  store: [
    layer('domain'),
    layer('http'),
    layer('realtime'),
    layer('jobs'),
    layer('services'),
    layer('server'),
  ],
  domain: [layer('http'), layer('realtime'), layer('jobs'), layer('services'), layer('server')],
  jobs: [layer('store'), layer('http'), layer('realtime'), layer('services'), layer('server')],
  http: [
    layer('store'),
    layer('realtime'),
    layer('jobs'),
    layer('server'),
    { ...layer('services'), allowTypeImports: true },
  ],
  realtime: [layer('store'), layer('http'), layer('jobs'), layer('services'), layer('server')],
}
/** Transport libraries stay at the edges: domain/ never sees `req`, `res` or a socket. */
const EDGE_LIBRARIES = [
  'express',
  'socket.io',
  'socket.io-client',
  'cookie-parser',
  'cors',
  'helmet',
]

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/out/**', '**/.next/**', '**/generated/**', '**/node_modules/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  ...Object.entries(serverLayers).map(([name, patterns]) => ({
    files: [`apps/server/src/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns,
          ...(name === 'domain' || name === 'store' || name === 'jobs'
            ? {
                paths: EDGE_LIBRARIES.map((name) => ({
                  name,
                  message: 'Only http/ and realtime/ speak HTTP and Socket.IO.',
                })),
              }
            : {}),
        },
      ],
    },
  })),
  {
    // Build and bootstrap scripts are plain Node ES modules.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    // Tests read JSON answers loosely; the schemas they check are the protocol's.
    files: ['**/test/**', '**/*.test.ts', '**/*.test-d.ts', '**/bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)

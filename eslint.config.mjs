// One lint setup for the whole workspace (style.md rule 10: type-only imports use `import type`).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

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

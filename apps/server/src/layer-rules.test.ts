import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The workspace's own eslint.config.mjs, on snippets placed (virtually) in each layer.
const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../..', import.meta.url)) })

/** The messages of the layer rule for `code` as if it were the file at `path` under src/. */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `apps/server/src/${path}` })
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message)
}

describe('layer rules (ARCHITECTURE.md)', () => {
  it('fails an upward import from domain into http', async () => {
    const errors = await layerErrors(
      'domain/reviews/fixture.ts',
      "import { authRouter } from '../../http/auth-router.ts'\nexport const router = authRouter\n",
    )
    expect(errors).toEqual([expect.stringContaining('The http layer is above or beside this one')])
  })

  it('fails the edges and the jobs reaching past domain into store', async () => {
    const snippet =
      "import { findUserById } from '../store/users.ts'\nexport const find = findUserById\n"
    for (const path of ['http/fixture.ts', 'realtime/fixture.ts', 'jobs/fixture.ts'])
      expect(await layerErrors(path, snippet)).toEqual([
        expect.stringContaining('The store layer is above or beside this one'),
      ])
  })

  it('fails store importing domain, even for a type', async () => {
    const errors = await layerErrors(
      'store/fixture.ts',
      "import type { AppError } from '../domain/errors.ts'\nexport type Failure = AppError\n",
    )
    expect(errors).toHaveLength(1)
  })

  it('keeps express and socket.io out of domain', async () => {
    const errors = await layerErrors(
      'domain/messages/fixture.ts',
      "import type { Request } from 'express'\nexport type Incoming = Request\n",
    )
    expect(errors).toEqual([expect.stringContaining('Only http/ and realtime/')])
  })

  it('lets each layer call the one below', async () => {
    expect(
      await layerErrors(
        'http/fixture.ts',
        "import { AppError } from '../domain/errors.ts'\nimport type { Services } from '../services.ts'\nexport type Both = [AppError, Services]\n",
      ),
    ).toEqual([])
    expect(
      await layerErrors(
        'domain/accounts/fixture.ts',
        "import { findUserById } from '../../store/users.ts'\nexport const find = findUserById\n",
      ),
    ).toEqual([])
  })
})

import { CreateApiKeyBody, type DeletedResponse } from '@placet/protocol'
import { Router } from 'express'
import type { ApiKeyService } from '../domain/accounts/api-keys.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/api-keys` (spec 3.3): the raw key appears only in the create and rotate answers. */
export function apiKeysRouter(apiKeys: ApiKeyService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await apiKeys.list(userOf(req).id))
  })

  router.post('/', async (req, res) => {
    const { label } = parseInput(CreateApiKeyBody, req.body)
    res.status(201).json(await apiKeys.create(userOf(req).id, label))
  })

  router.post('/:id/rotate', async (req, res) => {
    res.json(await apiKeys.rotate(userOf(req).id, req.params.id))
  })

  router.delete('/:id', async (req, res) => {
    await apiKeys.delete(userOf(req).id, req.params.id)
    res.json({ deleted: true } satisfies DeletedResponse)
  })

  return router
}

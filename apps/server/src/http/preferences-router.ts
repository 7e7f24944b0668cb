import { UpdatePreferencesBody } from '@placet/protocol'
import { Router } from 'express'
import type { PreferencesService } from '../domain/accounts/preferences.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/preferences` (spec 3.7): the signed-in user's own settings, never anyone else's. */
export function preferencesRouter(preferences: PreferencesService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await preferences.get(userOf(req).id))
  })

  router.patch('/', async (req, res) => {
    const changes = parseInput(UpdatePreferencesBody, req.body)
    res.json(await preferences.update(userOf(req).id, changes))
  })

  return router
}

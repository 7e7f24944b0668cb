import { ApiLogListQuery } from '@placet/protocol'
import { Router } from 'express'
import type { ApiLogService } from '../domain/agents/api-logs.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/logs`: the signed-in user's API request log, inbound and outbound (spec 3.7). */
export function logsRouter(apiLogs: ApiLogService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await apiLogs.list(userOf(req).id, parseInput(ApiLogListQuery, req.query)))
  })

  router.get('/:id', async (req, res) => {
    res.json(await apiLogs.get(userOf(req).id, req.params.id))
  })

  return router
}

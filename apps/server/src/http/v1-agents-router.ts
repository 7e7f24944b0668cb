import { Router } from 'express'
import type { AgentService } from '../domain/agents.ts'
import { agentUserIdOf } from './auth-middleware.ts'

/** `/api/v1/agents` (spec 2.3). */
export function v1AgentsRouter(agents: AgentService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await agents.list(agentUserIdOf(req)))
  })

  return router
}

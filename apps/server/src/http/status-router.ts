import { StatusPingBody } from '@placet/protocol'
import { Router } from 'express'
import type { AgentStatusService } from '../domain/agents/agent-status.ts'
import { agentUserIdOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/v1/status` (spec 2.4). */
export function statusRouter(status: AgentStatusService): Router {
  const router = Router()

  // 201 as Placet's code answers (spec 10: the docs' 200 is not what runs).
  router.post('/ping', async (req, res) => {
    res
      .status(201)
      .json(await status.ping(agentUserIdOf(req), parseInput(StatusPingBody, req.body)))
  })

  return router
}

import { CreateAgentBody, UpdateAgentBody, type DeletedResponse } from '@placet/protocol'
import { Router } from 'express'
import type { AgentInboxService } from '../domain/agents/agent-inbox.ts'
import type { AgentService } from '../domain/agents/agents.ts'
import type { ChannelAccess } from '../domain/agents/channel-access.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/**
 * `/api/agents`, the dashboard's agents (spec 3.4), behind the session. Create and PATCH share
 * the agent API's rules: a first webhookUrl answers with `webhookSecret`, shown once;
 * `POST /:id/rotate-webhook-secret` is the dashboard's rotateWebhookSecret.
 */
export function agentsRouter({
  agents,
  inbox,
  access,
}: {
  agents: AgentService
  inbox: AgentInboxService
  access: ChannelAccess
}): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await inbox.list(userOf(req).id))
  })

  router.get('/stats', async (req, res) => {
    res.json(await inbox.overview(userOf(req).id))
  })

  router.post('/', async (req, res) => {
    res.status(201).json(await agents.create(userOf(req).id, parseInput(CreateAgentBody, req.body)))
  })

  router.patch('/:id', async (req, res) => {
    res.json(
      await agents.update(userOf(req).id, req.params.id, parseInput(UpdateAgentBody, req.body)),
    )
  })

  router.delete('/:id', async (req, res) => {
    await agents.delete(userOf(req).id, req.params.id)
    res.json({ deleted: true } satisfies DeletedResponse)
  })

  // 204: the marker is all there is to say; the list's unreadCount reflects it.
  router.post('/:id/read', async (req, res) => {
    await access.markRead(userOf(req).id, req.params.id)
    res.status(204).end()
  })

  router.post('/:id/rotate-webhook-secret', async (req, res) => {
    res.json(await agents.rotateWebhookSecret(userOf(req).id, req.params.id))
  })

  router.get('/:id/stats', async (req, res) => {
    res.json(await inbox.stats(userOf(req).id, req.params.id))
  })

  return router
}

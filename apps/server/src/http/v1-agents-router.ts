import {
  ChannelBody,
  CreateAgentBody,
  SetCommandsBody,
  SetManagementBody,
  SetSubagentBody,
  SetTagBody,
  SetWebhookBody,
  UpdateAgentBody,
  type DeletedResponse,
} from '@placet/protocol'
import { Router } from 'express'
import type { AgentService } from '../domain/agents/agents.ts'
import { API_LOG_CHANNEL } from './api-log-middleware.ts'
import { agentUserIdOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/**
 * `/api/v1/agents` (spec 2.3). The verb routes answer 200 as Placet does; setWebhook (and a
 * create or PATCH with a first webhookUrl) adds `webhookSecret` when it created the secret,
 * and rotateWebhookSecret always does.
 */
export function v1AgentsRouter(agents: AgentService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await agents.list(agentUserIdOf(req)))
  })

  router.post('/', async (req, res) => {
    res
      .status(201)
      .json(await agents.create(agentUserIdOf(req), parseInput(CreateAgentBody, req.body)))
  })

  router.post('/setWebhook', async (req, res) => {
    res.json(await agents.setWebhook(agentUserIdOf(req), parseInput(SetWebhookBody, req.body)))
  })

  router.post('/deleteWebhook', async (req, res) => {
    res.json(
      await agents.deleteWebhook(agentUserIdOf(req), parseInput(ChannelBody, req.body).channelId),
    )
  })

  router.post('/rotateWebhookSecret', async (req, res) => {
    res.json(
      await agents.rotateWebhookSecret(
        agentUserIdOf(req),
        parseInput(ChannelBody, req.body).channelId,
      ),
    )
  })

  router.post('/setTag', async (req, res) => {
    res.json(await agents.setTag(agentUserIdOf(req), parseInput(SetTagBody, req.body)))
  })

  router.post('/setManagement', async (req, res) => {
    res.json(
      await agents.setManagement(agentUserIdOf(req), parseInput(SetManagementBody, req.body)),
    )
  })

  router.post('/setSubagent', async (req, res) => {
    res.json(await agents.setSubagent(agentUserIdOf(req), parseInput(SetSubagentBody, req.body)))
  })

  router.patch('/:id', async (req, res) => {
    res.locals[API_LOG_CHANNEL] = req.params.id
    res.json(
      await agents.update(agentUserIdOf(req), req.params.id, parseInput(UpdateAgentBody, req.body)),
    )
  })

  router.delete('/:id', async (req, res) => {
    res.locals[API_LOG_CHANNEL] = req.params.id
    await agents.delete(agentUserIdOf(req), req.params.id)
    res.json({ deleted: true } satisfies DeletedResponse)
  })

  router.put('/:id/commands', async (req, res) => {
    res.locals[API_LOG_CHANNEL] = req.params.id
    const { commands } = parseInput(SetCommandsBody, req.body)
    res.json(await agents.setCommands(agentUserIdOf(req), req.params.id, commands))
  })

  return router
}

import { WebhookDeliveryListQuery, WebhookDeliveryLogQuery } from '@placet/protocol'
import { Router, type RequestHandler } from 'express'
import type { WebhookDeliveryService } from '../domain/webhooks/webhook-deliveries.ts'
import { agentUserIdOf, userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/**
 * The dashboard's delivery log and replay (issue 5), plus Placet's `POST /api/messages/:id/retry`
 * (spec 3.5). Mounted at `/api` before the messages router; the session check covers only its
 * own paths, so everything else passes through untouched.
 */
export function webhookDeliveriesRouter(
  deliveries: WebhookDeliveryService,
  signedIn: RequestHandler,
): Router {
  const router = Router()
  router.use(
    ['/agents/:id/webhook-deliveries', '/webhook-deliveries', '/messages/:id/retry'],
    signedIn,
  )

  router.get('/agents/:id/webhook-deliveries', async (req, res) => {
    const query = parseInput(WebhookDeliveryListQuery, req.query)
    res.json(await deliveries.listForAgent(userOf(req).id, req.params.id, query))
  })

  router.get('/webhook-deliveries', async (req, res) => {
    const query = parseInput(WebhookDeliveryLogQuery, req.query)
    res.json(await deliveries.listForUser(userOf(req).id, query))
  })

  router.get('/webhook-deliveries/:id', async (req, res) => {
    res.json(await deliveries.get(userOf(req).id, req.params.id))
  })

  router.post('/webhook-deliveries/:id/replay', async (req, res) => {
    res.json(await deliveries.replay(userOf(req).id, req.params.id))
  })

  // Placet answers 200, not the framework's 201 for a POST.
  router.post('/messages/:id/retry', async (req, res) => {
    res.status(200).json(await deliveries.retryMessage(userOf(req).id, req.params.id))
  })

  return router
}

/** `GET /api/v1/agents/:id/webhook-deliveries`: the same log, for the agent's own key. */
export function v1WebhookDeliveriesRouter(deliveries: WebhookDeliveryService): Router {
  const router = Router()

  router.get('/:id/webhook-deliveries', async (req, res) => {
    const query = parseInput(WebhookDeliveryListQuery, req.query)
    res.json(await deliveries.listForAgent(agentUserIdOf(req), req.params.id, query))
  })

  return router
}

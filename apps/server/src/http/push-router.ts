import { PushSubscribeBody, PushUnsubscribeBody } from '@placet/protocol'
import { Router } from 'express'
import type { PushSubscriptionService } from '../domain/notifications/push-subscriptions.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/push`: the VAPID key and this browser's subscription (spec 3.7). */
export function pushRouter(push: PushSubscriptionService): Router {
  const router = Router()

  router.get('/vapid-key', (_req, res) => {
    res.json(push.vapidKey())
  })

  router.post('/subscribe', async (req, res) => {
    await push.subscribe(userOf(req).id, parseInput(PushSubscribeBody, req.body))
    res.status(204).end()
  })

  router.delete('/subscribe', async (req, res) => {
    await push.unsubscribe(userOf(req).id, parseInput(PushUnsubscribeBody, req.body).endpoint)
    res.status(204).end()
  })

  return router
}

import { ChannelQuery, WaitQuery } from '@placet/protocol'
import { Router } from 'express'
import type { ReviewService } from '../domain/reviews/reviews.ts'
import { agentUserIdOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/v1/reviews` (spec 2.2), plus our cancel (9.2.3). */
export function v1ReviewsRouter(reviews: ReviewService): Router {
  const router = Router()

  router.get('/pending', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await reviews.listPending(agentUserIdOf(req), channel))
  })

  router.get('/:id', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await reviews.get(agentUserIdOf(req), req.params.id, channel))
  })

  // Long-poll: a client that hangs up ends the wait, which drops its watch at once.
  router.get('/:id/wait', async (req, res) => {
    const { channel, timeout } = parseInput(WaitQuery, req.query)
    const hangUp = new AbortController()
    res.on('close', () => hangUp.abort())
    const result = await reviews.wait(agentUserIdOf(req), req.params.id, {
      channelId: channel,
      timeoutMs: timeout,
      signal: hangUp.signal,
    })
    if (!hangUp.signal.aborted) res.json(result)
  })

  // 200: nothing is created (clients accept any 2xx, spec 2.0).
  router.post('/:id/cancel', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await reviews.cancel(agentUserIdOf(req), req.params.id, channel))
  })

  return router
}

import { EventsQuery } from '@placet/protocol'
import { Router } from 'express'
import type { EventReplay } from '../domain/events/event-replay.ts'
import { agentUserIdOf, userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/**
 * `GET /api/v1/events?after=&channel=&limit=` (agents) and `GET /api/events` (dashboard): what a
 * client missed, in sequence order. Pass `lastSeq` back as `after` until `hasMore` is false.
 */
export function eventsRouter(replay: EventReplay, caller: 'agent' | 'user'): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const query = parseInput(EventsQuery, req.query)
    const userId = caller === 'agent' ? agentUserIdOf(req) : userOf(req).id
    res.json(
      await replay.page(userId, {
        after: query.after,
        channelId: query.channel,
        limit: query.limit,
        forDashboard: caller === 'user',
      }),
    )
  })
  return router
}

import {
  ChannelQuery,
  CreateUserMessageBody,
  ListMessagesQuery,
  RespondBody,
  ReviewListQuery,
} from '@placet/protocol'
import { Router } from 'express'
import type { MessagePosting } from '../domain/messages/message-posting.ts'
import type { MessageService } from '../domain/messages/messages.ts'
import type { ReviewService } from '../domain/reviews/reviews.ts'
import { userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/**
 * The header carrying the next page of `GET /api/messages/reviews`: the body stays a plain
 * `Message[]` as Placet's UI expects (spec 3.5), the cursor travels beside it; absent on the
 * last page.
 */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor'

/** `/api/messages` (spec 3.5): the dashboard's chats, inbox and answers. */
export function messagesRouter(services: {
  posting: MessagePosting
  messages: MessageService
  reviews: ReviewService
}): Router {
  const { posting, messages, reviews } = services
  const router = Router()

  router.get('/reviews', async (req, res) => {
    const page = await reviews.listForUser(userOf(req).id, parseInput(ReviewListQuery, req.query))
    res.setHeader('Access-Control-Expose-Headers', NEXT_CURSOR_HEADER)
    if (page.nextCursor) res.setHeader(NEXT_CURSOR_HEADER, page.nextCursor)
    res.json(page.data)
  })

  router.get('/reviews/counts', async (req, res) => {
    res.json(await reviews.countForUser(userOf(req).id))
  })

  router.get('/', async (req, res) => {
    res.json(await messages.listForUser(userOf(req).id, parseInput(ListMessagesQuery, req.query)))
  })

  router.post('/', async (req, res) => {
    const body = parseInput(CreateUserMessageBody, req.body)
    res.status(201).json(await posting.createFromUser(userOf(req).id, body))
  })

  router.get('/:id', async (req, res) => {
    res.json(await messages.getForUser(userOf(req).id, req.params.id))
  })

  router.get('/:id/iterations', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await messages.chainForUser(userOf(req).id, req.params.id, channel))
  })

  router.post('/:id/respond', async (req, res) => {
    const body = parseInput(RespondBody, req.body)
    res.status(201).json(await reviews.respond(userOf(req), req.params.id, body))
  })

  return router
}

import {
  ChannelQuery,
  CreateMessageBody,
  CreateStatusEventBody,
  ListMessagesQuery,
  UpdateStreamBody,
  type AckResponse,
  type DeletedResponse,
} from '@placet/protocol'
import { Router } from 'express'
import type { MessagePosting } from '../domain/messages/message-posting.ts'
import type { MessageService } from '../domain/messages/messages.ts'
import type { StreamService } from '../domain/messages/streams.ts'
import { agentUserIdOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/v1/messages` (spec 2.1): messages, reviews, streams and chains, for agents. */
export function v1MessagesRouter(services: {
  posting: MessagePosting
  messages: MessageService
  streams: StreamService
}): Router {
  const { posting, messages, streams } = services
  const router = Router()

  router.post('/', async (req, res) => {
    const body = parseInput(CreateMessageBody, req.body)
    res.status(201).json(await posting.createFromAgent(agentUserIdOf(req), body))
  })

  router.get('/', async (req, res) => {
    res.json(
      await messages.listForAgent(agentUserIdOf(req), parseInput(ListMessagesQuery, req.query)),
    )
  })

  router.patch('/streams/:streamId', async (req, res) => {
    const body = parseInput(UpdateStreamBody, req.body)
    res.json(await streams.update(agentUserIdOf(req), req.params.streamId, body))
  })

  router.post('/streams/:streamId/status', async (req, res) => {
    const body = parseInput(CreateStatusEventBody, req.body)
    res.status(201).json(await streams.addStatus(agentUserIdOf(req), req.params.streamId, body))
  })

  router.get('/iterations/:id', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await messages.chainForAgent(agentUserIdOf(req), req.params.id, channel))
  })

  router.get('/:id', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    res.json(await messages.getForAgent(agentUserIdOf(req), req.params.id, channel))
  })

  router.delete('/:id', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    await messages.delete(agentUserIdOf(req), req.params.id, channel)
    res.json({ deleted: true } satisfies DeletedResponse)
  })

  // 200, not the POST default 201 (spec 2.1, 10).
  router.post('/:id/ack', async (req, res) => {
    const { channel } = parseInput(ChannelQuery, req.query)
    await messages.acknowledge(agentUserIdOf(req), req.params.id, channel)
    res.status(200).json({ acknowledged: true } satisfies AckResponse)
  })

  return router
}

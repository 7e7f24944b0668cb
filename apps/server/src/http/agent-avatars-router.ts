import { Router } from 'express'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import type { AgentAvatarService } from '../domain/agents/agent-avatars.ts'
import { logger } from '../logger.ts'
import { userOf } from './auth-middleware.ts'
import { receiveUpload } from './multipart-upload.ts'

const log = logger.child({ module: 'agent-avatars-router' })

/** The avatar upload has no text fields; any that are sent are ignored. */
const NoFields = z.object({})

/**
 * `/api/agents/:id/avatar` (spec 3.4): upload, show and remove an agent's avatar, owner only.
 * The image is served as what its bytes are, never sniffed, never active (SVG is refused on
 * upload, and a sandbox CSP covers the response anyway).
 */
export function agentAvatarsRouter(avatars: AgentAvatarService): Router {
  const router = Router()

  router.post('/:id/avatar', async (req, res) => {
    const { userId, agentId } = { userId: userOf(req).id, agentId: req.params.id }
    await avatars.requireOwned(userId, agentId)
    const { file } = await receiveUpload(
      req,
      {
        receive: (incoming) => avatars.receive(agentId, incoming),
        discard: (files) => avatars.discard(files),
      },
      NoFields,
    )
    res.json(await avatars.set(userId, agentId, file))
  })

  router.get('/:id/avatar', async (req, res) => {
    const image = await avatars.open(userOf(req).id, req.params.id)
    res.setHeader('Content-Type', image.mimeType)
    // The dashboard names the version in the URL (?v=), so an hour of caching never shows a
    // replaced avatar; `private` keeps shared caches from holding an owner-only image.
    res.setHeader('Cache-Control', 'private, max-age=3600')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'")
    res.setHeader('Content-Disposition', 'inline; filename="avatar"')
    await pipeline(image.body, res).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        log.warn({ err: error, agentId: req.params.id }, 'avatar download failed')
      res.destroy()
    })
  })

  router.delete('/:id/avatar', async (req, res) => {
    res.json(await avatars.remove(userOf(req).id, req.params.id))
  })

  return router
}

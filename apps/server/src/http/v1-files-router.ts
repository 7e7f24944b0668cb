import { ListChannelFilesQuery, StoreTextBody } from '@placet/protocol'
import { Router } from 'express'
import type { FileService } from '../domain/files/files.ts'
import { agentUserIdOf } from './auth-middleware.ts'
import { sendFile } from './file-responses.ts'
import { receiveUpload } from './multipart-upload.ts'
import { parseInput } from './parse-request.ts'

/** `/api/v1/files` (spec 2.5): files for agents. */
export function v1FilesRouter(files: FileService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    const { channel } = parseInput(ListChannelFilesQuery, req.query)
    res.json(await files.listForAgent(agentUserIdOf(req), channel))
  })

  router.post('/upload', async (req, res) => {
    const { fields, file } = await receiveUpload(req, files)
    res.status(201).json(await files.uploadAsAgent(agentUserIdOf(req), fields, file))
  })

  router.post('/store', async (req, res) => {
    const { fields, file } = await receiveUpload(req, files)
    res.status(201).json(await files.storeOrphan(agentUserIdOf(req), fields.channelId, file))
  })

  router.post('/store-text', async (req, res) => {
    const body = parseInput(StoreTextBody, req.body)
    res.status(201).json(await files.storeText(agentUserIdOf(req), body))
  })

  router.get('/:id/download', async (req, res) => {
    await sendFile(req, res, files, await files.findOwned(agentUserIdOf(req), req.params.id))
  })

  return router
}

import { FileGalleryQuery, FileIdsBody, type MessageResponse } from '@placet/protocol'
import { Router } from 'express'
import { pipeline } from 'node:stream/promises'
import type { FileService } from '../domain/files/files.ts'
import { userOf } from './auth-middleware.ts'
import { contentDisposition, sendFile } from './file-responses.ts'
import { receiveUpload } from './multipart-upload.ts'
import { parseInput } from './parse-request.ts'

/** `/api/files` (spec 3.6): the dashboard's gallery, uploads and bulk actions. */
export function filesRouter(files: FileService): Router {
  const router = Router()

  router.get('/', async (req, res) => {
    res.json(await files.gallery(userOf(req).id, parseInput(FileGalleryQuery, req.query)))
  })

  router.post('/upload', async (req, res) => {
    const { fields, file } = await receiveUpload(req, files)
    res.status(201).json(await files.uploadAsUser(userOf(req).id, fields, file))
  })

  router.post('/store', async (req, res) => {
    const { fields, file } = await receiveUpload(req, files)
    res.status(201).json(await files.storeOrphan(userOf(req).id, fields.channelId, file))
  })

  router.post('/bulk-delete', async (req, res) => {
    const { ids } = parseInput(FileIdsBody, req.body)
    const count = await files.delete(userOf(req).id, ids)
    res.json({
      message: `Deleted ${count} file${count === 1 ? '' : 's'}`,
    } satisfies MessageResponse)
  })

  router.post('/bulk-download', async (req, res) => {
    const { ids } = parseInput(FileIdsBody, req.body)
    const zip = await files.archive(userOf(req).id, ids)
    res.setHeader('Content-Type', 'application/zip')
    res.setHeader('Content-Disposition', contentDisposition('attachment', 'files.zip'))
    // The size is unknown until the end: the archive is streamed, chunked.
    await pipeline(zip, res).catch(() => res.destroy())
  })

  router.get('/:id/download', async (req, res) => {
    await sendFile(req, res, files, await files.findOwned(userOf(req).id, req.params.id))
  })

  router.get('/:id/share', async (req, res) => {
    res.json(await files.share(userOf(req).id, req.params.id))
  })

  router.delete('/:id', async (req, res) => {
    await files.delete(userOf(req).id, [req.params.id])
    res.json({ message: 'Deleted' } satisfies MessageResponse)
  })

  return router
}

/** `GET /api/share/:token` (spec 3.6): public, signed and expiring; 404 for any bad token. */
export function shareRouter(files: FileService): Router {
  const router = Router()
  router.get('/:token', async (req, res) => {
    await sendFile(req, res, files, await files.findShared(req.params.token))
  })
  return router
}

import { buildOpenApiDocument } from '@placet/protocol'
import { Router } from 'express'
import { renderApiReference } from './api-reference-page.ts'

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document generated from the protocol (issue 13), so
 * clients in any language can be generated from what the server really parses and answers;
 * `GET /api/docs`: the same as a page people can read. Built once: they change with the code.
 */
export function openApiRouter(version: string): Router {
  const router = Router()
  const document = buildOpenApiDocument({ version })
  const page = renderApiReference(document as Parameters<typeof renderApiReference>[0])
  router.get('/openapi.json', (_req, res) => {
    res.json(document)
  })
  router.get('/docs', (_req, res) => {
    res.type('html').send(page)
  })
  return router
}

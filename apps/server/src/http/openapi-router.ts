import { buildOpenApiDocument } from '@placet/protocol'
import { Router } from 'express'

/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document generated from the protocol (issue 13), so
 * clients in any language can be generated from what the server really parses and answers.
 * Built once; it only changes with the code.
 */
export function openApiRouter(version: string): Router {
  const router = Router()
  const document = buildOpenApiDocument({ version })
  router.get('/openapi.json', (_req, res) => {
    res.json(document)
  })
  return router
}

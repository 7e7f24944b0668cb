import { CreateUserBody, UpdateUserBody, type DeletedResponse } from '@placet/protocol'
import { Router } from 'express'
import type { AccountService } from '../domain/accounts/accounts.ts'
import { requireOwner, userOf } from './auth-middleware.ts'
import { parseInput } from './parse-request.ts'

/** `/api/users`: owners only (spec 3.2). */
export function usersRouter(accounts: AccountService): Router {
  const router = Router()
  router.use(requireOwner)

  router.get('/', async (_req, res) => {
    res.json(await accounts.list())
  })

  router.post('/', async (req, res) => {
    res.status(201).json(await accounts.create(parseInput(CreateUserBody, req.body)))
  })

  router.patch('/:id', async (req, res) => {
    res.json(await accounts.update(req.params.id, parseInput(UpdateUserBody, req.body)))
  })

  router.delete('/:id', async (req, res) => {
    await accounts.delete(userOf(req).id, req.params.id)
    res.json({ deleted: true } satisfies DeletedResponse)
  })

  return router
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database, sqlOf } from '../src/store/database.ts'
import { findMessage, insertMessage } from '../src/store/messages.ts'
import { migrateDatabase } from '../src/store/migrate.ts'
import { createTestDatabase } from './harness.ts'

/**
 * Direct statements (issue 12) and Prisma's model queries share each transaction: they commit
 * together, roll back together, and a transaction never sees another's connection. On SQLite
 * the server owns BEGIN/COMMIT and nests Prisma's own multi-statement transactions as savepoints.
 */
let database: { url: string; drop: () => Promise<void> }
let db: Database
let channelId: string
let userId: string

beforeAll(async () => {
  database = await createTestDatabase()
  await migrateDatabase(database.url)
  db = await Database.open(database.url)
  const owner = await db.transaction((tx) =>
    tx.user.create({
      data: { email: 'tx@placet.local', displayName: 'Tx', passwordHash: 'x', role: 'owner' },
    }),
  )
  userId = owner.id
  channelId = (
    await db.transaction((tx) => tx.agent.create({ data: { ownerId: userId, name: 'a' } }))
  ).id
})
afterAll(async () => {
  await db.close()
  await database.drop()
})

const newMessage = (text: string) => ({
  channelId,
  senderType: 'agent' as const,
  senderId: channelId,
  text,
  createdAt: new Date(),
  updatedAt: new Date(),
})

class Abort extends Error {}

describe('Database.transaction', () => {
  it('rolls back direct statements and model queries together', async () => {
    let messageId = ''
    await expect(
      db.transaction(async (tx) => {
        messageId = (await insertMessage(tx, newMessage('never'))).id
        await tx.agent.update({ where: { id: channelId }, data: { name: 'renamed' } })
        throw new Abort()
      }),
    ).rejects.toBeInstanceOf(Abort)
    expect(await db.read((tx) => findMessage(tx, messageId))).toBeNull()
    expect((await db.read((tx) => tx.agent.findUnique({ where: { id: channelId } })))?.name).toBe(
      'a',
    )
  })

  it("keeps a model query's own multi-statement write inside the caller's transaction", async () => {
    const nestedWrite = (email: string) =>
      db.transaction(async (tx) => {
        // A nested create: Prisma runs it as a transaction of its own.
        await tx.user.create({
          data: {
            email,
            displayName: 'Nested',
            passwordHash: 'x',
            apiKeys: { create: { keyPrefix: 'plc_', keyHash: `hash-${email}` } },
          },
        })
        if (email.startsWith('abort')) throw new Abort()
      })
    await expect(nestedWrite('abort@placet.local')).rejects.toBeInstanceOf(Abort)
    await nestedWrite('kept@placet.local')
    const emails = await db.read((tx) =>
      tx.user.findMany({ where: { displayName: 'Nested' }, include: { apiKeys: true } }),
    )
    expect(emails.map((user) => [user.email, user.apiKeys.length])).toEqual([
      ['kept@placet.local', 1],
    ])
  })

  it('runs each transaction on its own connection, also when many run at once', async () => {
    const seen = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        db.transaction(async (tx) => {
          const { id } = await insertMessage(tx, newMessage(`concurrent ${index}`))
          // Uncommitted: only this transaction's connection can see it, by either path.
          const [direct] = await sqlOf(tx).query<{ text: string }>(
            'SELECT "text" FROM "Message" WHERE "id" = ?',
            [id],
          )
          const model = await tx.message.findUnique({ where: { id } })
          return [direct?.text, model?.text]
        }),
      ),
    )
    expect(seen).toEqual(
      Array.from({ length: 12 }, (_, index) => [`concurrent ${index}`, `concurrent ${index}`]),
    )
  })

  it('reads what committed, through either path', async () => {
    const { id } = await db.transaction((tx) => insertMessage(tx, newMessage('committed')))
    const [direct, model] = await db.read(async (tx) => [
      await findMessage(tx, id),
      await tx.message.findUnique({ where: { id } }),
    ])
    expect(direct?.text).toBe('committed')
    expect(direct?.createdAt.getTime()).toBe(model?.createdAt.getTime())
  })
})

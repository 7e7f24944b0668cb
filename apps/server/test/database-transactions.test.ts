import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database, sqlOf, sqlitePathOf } from '../src/store/database.ts'
import { findMessage, insertMessage } from '../src/store/messages.ts'
import { migrateDatabase } from '../src/store/migrate.ts'
import { TEST_DB, createTestDatabase } from './harness.ts'

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

type TextRow = { text: string } | undefined

/** A second connection to the test database, outside the server's. */
async function openOutsideReader() {
  if (TEST_DB === 'sqlite') {
    const connection = new BetterSqlite3(sqlitePathOf(database.url), { readonly: true })
    const select = connection.prepare('SELECT "text" FROM "Message" WHERE "id" = ?')
    return {
      read: async (id: string) => select.get(id) as TextRow,
      close: async () => connection.close(),
    }
  }
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  return {
    read: async (id: string) =>
      (await client.query('SELECT "text" FROM "Message" WHERE "id" = $1', [id])).rows[0] as TextRow,
    close: () => client.end(),
  }
}

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

  it('answers each of many concurrent transactions only once it is committed, failures alone rolled back', async () => {
    // Another connection: what it sees is what committed.
    const outside = await openOutsideReader()
    let commits = 0
    const stop = db.onStatement((sql) => (commits += sql === 'COMMIT' ? 1 : 0))
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        db
          .transaction(async (tx) => {
            const { id } = await insertMessage(tx, newMessage(`group ${index}`))
            if (index % 3 === 0) throw new Abort(id)
            return id
          })
          .then(
            async (id) => ({ id, seenOutside: (await outside.read(id))?.text ?? null }),
            async (error: Error) => ({
              failed: error.message,
              seenOutside: (await outside.read(error.message))?.text ?? null,
            }),
          ),
      ),
    )
    await outside.close()
    stop()
    // SQLite's group commit: the transactions that queued up shared COMMITs.
    if (TEST_DB === 'sqlite') expect(commits).toBeLessThan(10)
    outcomes.forEach((outcome, index) => {
      if (index % 3 === 0)
        expect(outcome).toEqual({ failed: expect.any(String), seenOutside: null })
      else expect(outcome).toEqual({ id: expect.any(String), seenOutside: `group ${index}` })
    })
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

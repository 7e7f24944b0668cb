import type { ApiKey } from '@placet/protocol'
import type { Tx } from './database.ts'

type ApiKeyRow = Awaited<ReturnType<Tx['apiKey']['findUniqueOrThrow']>>

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    label: row.label,
    keyPrefix: row.keyPrefix,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

export async function listApiKeys(tx: Tx, userId: string): Promise<ApiKey[]> {
  const rows = await tx.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } })
  return rows.map(toApiKey)
}

export async function insertApiKey(
  tx: Tx,
  data: { userId: string; label: string; keyPrefix: string; keyHash: string },
): Promise<ApiKey> {
  return toApiKey(await tx.apiKey.create({ data }))
}

/** Replaces hash and prefix on the same row and clears lastUsedAt (spec 1.4); null if not the user's. */
export async function replaceApiKeySecret(
  tx: Tx,
  userId: string,
  id: string,
  secret: { keyPrefix: string; keyHash: string },
): Promise<ApiKey | null> {
  const { count } = await tx.apiKey.updateMany({
    where: { id, userId },
    data: { ...secret, lastUsedAt: null },
  })
  if (count === 0) return null
  return toApiKey(await tx.apiKey.findUniqueOrThrow({ where: { id } }))
}

export async function deleteApiKey(tx: Tx, userId: string, id: string): Promise<boolean> {
  const { count } = await tx.apiKey.deleteMany({ where: { id, userId } })
  return count > 0
}

export async function findApiKeyByHash(
  tx: Tx,
  keyHash: string,
): Promise<{ id: string; userId: string } | null> {
  return tx.apiKey.findUnique({ where: { keyHash }, select: { id: true, userId: true } })
}

export async function touchApiKey(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.apiKey.updateMany({ where: { id }, data: { lastUsedAt: at } })
}

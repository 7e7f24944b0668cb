import { uploadedAvatarVersion, type Agent } from '@placet/protocol'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import { findAgent, toAgent, updateAgent, type AgentRecord } from '../../store/agents.ts'
import type { Database, Tx } from '../../store/database.ts'
import { AppError } from '../errors.ts'
import { ByteLimit } from '../files/byte-limit.ts'
import type { FileStorage, StoredFile } from '../files/file-storage.ts'
import type { IncomingFile } from '../files/files.ts'
import {
  detectImageType,
  IMAGE_SIGNATURE_BYTES,
  ImageSignatureCheck,
  type ImageType,
} from '../files/image-signature.ts'

/**
 * The storage key of an agent's uploaded avatar, or null. Only a key under the agent's own
 * `avatars/<agentId>/` counts: `avatarUrl` can also be set through PATCH, and a key copied
 * from elsewhere must never be served or removed as this agent's avatar.
 */
export function avatarStorageKeyOf(agent: { id: string; avatarUrl: string | null }): string | null {
  return uploadedAvatarVersion(agent.id, agent.avatarUrl) === null ? null : agent.avatarUrl
}

/** An avatar ready to stream: the type its bytes show, and the bytes. */
export type AvatarImage = { mimeType: ImageType; body: Readable }

/**
 * Agents' avatars (spec 1.3, 3.4): uploaded images kept with the file storage under
 * `avatars/<agentId>/<timestamp>`, the key stored in `avatarUrl`. Only raster images whose
 * bytes say so are kept (SVG can carry script), up to MAX_AVATAR_MB; a new upload or a removal
 * deletes the previous object, as does deleting the agent or its owner.
 */
export class AgentAvatarService {
  constructor(
    private readonly db: Database,
    private readonly storage: FileStorage,
    private readonly maxBytes: number,
  ) {}

  /** Checked before the upload is read, so a stranger's request stores nothing. */
  async requireOwned(userId: string, agentId: string): Promise<void> {
    await this.db.read((tx) => findOwnAgent(tx, userId, agentId))
  }

  /**
   * Streams an uploaded image to a new avatar key, refusing it with a 415 unless it is an image
   * (by its claimed type and by its first bytes) and with a 413 past the size limit.
   */
  async receive(agentId: string, file: IncomingFile): Promise<StoredFile> {
    const claimed = (file.mimeType ?? '').toLowerCase()
    if (!claimed.startsWith('image/') || claimed.startsWith('image/svg')) {
      file.stream.resume()
      throw new AppError(415, 'Not an image: send a PNG, JPEG, GIF or WebP file')
    }
    const limit = new ByteLimit(this.maxBytes)
    const storageKey = `avatars/${agentId}/${Date.now()}`
    const body = pipeline(file.stream, limit, new ImageSignatureCheck(), () => undefined)
    await this.storage.write(storageKey, body, claimed)
    return { filename: 'avatar', mimeType: claimed, size: limit.bytes, storageKey }
  }

  async discard(files: StoredFile[]): Promise<void> {
    await this.storage.remove(files.map((file) => file.storageKey))
  }

  /** Makes a received image the agent's avatar; the previous image is removed. */
  async set(userId: string, agentId: string, file: StoredFile): Promise<Agent> {
    let previousKey: string | null = null
    let agent: Agent
    try {
      agent = await this.db.transaction(async (tx) => {
        const row = await findOwnAgent(tx, userId, agentId)
        previousKey = avatarStorageKeyOf(row)
        return toAgent(await updateAgent(tx, agentId, { avatarUrl: file.storageKey }))
      })
    } catch (error) {
      await this.discard([file])
      throw error
    }
    // Two uploads in the same millisecond share a key: the object is the current one.
    if (previousKey && previousKey !== file.storageKey) await this.storage.remove([previousKey])
    return agent
  }

  /** The agent's avatar image; 404 when it has none (or its object is gone). */
  async open(userId: string, agentId: string): Promise<AvatarImage> {
    const row = await this.db.read((tx) => findOwnAgent(tx, userId, agentId))
    const key = avatarStorageKeyOf(row)
    if (!key) throw new AppError(404, 'No avatar')
    // The type comes from the bytes, read first, so a response never claims what it is not.
    const head = await readAll(
      await this.storage.read(key, { start: 0, end: IMAGE_SIGNATURE_BYTES - 1 }),
    )
    const mimeType = detectImageType(head)
    if (!mimeType) throw new AppError(404, 'No avatar')
    return { mimeType, body: await this.storage.read(key) }
  }

  /** Clears the avatar and removes its image; an agent without one answers as it is. */
  async remove(userId: string, agentId: string): Promise<Agent> {
    let previousKey: string | null = null
    const agent = await this.db.transaction(async (tx) => {
      const row = await findOwnAgent(tx, userId, agentId)
      previousKey = avatarStorageKeyOf(row)
      if (!previousKey) return toAgent(row)
      return toAgent(await updateAgent(tx, agentId, { avatarUrl: null }))
    })
    if (previousKey) await this.storage.remove([previousKey])
    return agent
  }
}

/** Another user's agent is 404 like a missing one: the avatar routes say nothing of it. */
async function findOwnAgent(tx: Tx, userId: string, agentId: string): Promise<AgentRecord> {
  const agent = await findAgent(tx, agentId)
  if (!agent || agent.ownerId !== userId) throw new AppError(404, 'Agent not found')
  return agent
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

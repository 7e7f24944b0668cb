/**
 * The file API over real HTTP (issue 11), run once per storage backend: files-disk.test.ts
 * and files-s3.test.ts call {@link describeFileApi}, so local disk and S3 pass the same tests.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { Attachment, FileGalleryPage, Message, ShareLink } from '@placet/protocol'
import { PlacetClient, PlacetError } from '@placet/sdk'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, expect, it } from 'vitest'
import yauzl from 'yauzl'
import {
  memberClient,
  ownerClient,
  startTestServer,
  type TestClient,
  type TestServer,
} from './harness.ts'
import type { StorageBackend } from './file-storage-backends.ts'
import { createAgent } from './messaging-fixtures.ts'

const MB = 1024 * 1024
const JWT_SECRET = 'test-secret-that-is-long-enough-for-anything'

/**
 * Deterministic pseudo-random bytes (xorshift32), produced while they are sent: never held
 * whole, and cheap, so the measured memory is the server's streaming and not the generator's.
 */
export function generatedStream(totalBytes: number, hash: ReturnType<typeof createHash>): Readable {
  let sent = 0
  let state = 0x9e3779b9
  return new Readable({
    read() {
      if (sent >= totalBytes) return this.push(null)
      const size = Math.min(256 * 1024, totalBytes - sent)
      const words = new Uint32Array(size / 4)
      for (let index = 0; index < words.length; index++) {
        state ^= state << 13
        state ^= state >>> 17
        state ^= state << 5
        words[index] = state >>> 0
      }
      const chunk = Buffer.from(words.buffer)
      sent += size
      hash.update(chunk)
      this.push(chunk)
    },
  })
}

async function upload(
  client: TestClient,
  path: string,
  fields: Record<string, string>,
  file?: { content: string | Buffer; filename: string; type: string },
) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  if (file) form.append('file', new Blob([file.content], { type: file.type }), file.filename)
  const headers: Record<string, string> = {}
  if (client.cookie) headers.cookie = client.cookie
  if (client.apiKey && path.startsWith('/api/v1')) headers['x-api-key'] = client.apiKey
  const response = await fetch(`${client.baseUrl}${path}`, { method: 'POST', body: form, headers })
  return {
    status: response.status,
    body: (await response.json()) as any,
    headers: response.headers,
  }
}

function readZip(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, string>()
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error)
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, async (streamError, stream) => {
          if (streamError || !stream) return reject(streamError)
          const chunks: Buffer[] = []
          for await (const chunk of stream) chunks.push(chunk as Buffer)
          entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
          zip.readEntry()
        })
      })
      zip.on('end', () => resolve(entries))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

export function describeFileApi(makeBackend: () => Promise<StorageBackend>): void {
  let backend: StorageBackend
  let server: TestServer
  let owner: TestClient
  let member: TestClient
  let sdk: PlacetClient
  let channelId: string
  const prefix = `main-${randomBytes(3).toString('hex')}/`
  const objects = () => backend.listObjects(server, prefix)

  beforeAll(async () => {
    backend = await makeBackend()
    server = await startTestServer({ ...backend.env(prefix), MAX_UPLOAD_MB: '60' })
    owner = await ownerClient(server)
    member = await memberClient(server)
    sdk = new PlacetClient({ baseUrl: server.url, apiKey: owner.apiKey! })
    channelId = (await createAgent(owner, 'File sender')).id
  })
  afterAll(async () => {
    await server?.destroy()
    await backend?.stop()
  })

  it('refuses an oversized upload with 413 and keeps nothing', async () => {
    const smallPrefix = `small-${randomBytes(3).toString('hex')}/`
    const small = await startTestServer({ ...backend.env(smallPrefix), MAX_UPLOAD_MB: '1' })
    try {
      const client = await ownerClient(small)
      const channel = (await createAgent(client, 'Limited')).id
      const tiny = new PlacetClient({ baseUrl: small.url, apiKey: client.apiKey! })
      const failure = await tiny
        .uploadFile(channel, generatedStream(3 * MB, createHash('sha256')), { filename: 'x.bin' })
        .catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(PlacetError)
      expect((failure as PlacetError).statusCode).toBe(413)
      expect((failure as PlacetError).body?.message).toMatch(/limit is 1 MB/)
      const stored = await tiny.storeFile(channel, Buffer.alloc(1000, 1), { filename: 'ok.bin' })
      expect(stored.size).toBe(1000)
      expect(await tiny.listFiles(channel)).toHaveLength(1)
      expect(await backend.listObjects(small, smallPrefix)).toEqual([stored.storageKey])
      const messages = await client.get(`/api/v1/messages?channel=${channel}`)
      expect(messages.body.data).toEqual([])
    } finally {
      await small.destroy()
    }
  })

  it('serves a byte range with 206', async () => {
    const content = '0123456789abcdefghijklmnopqrstuvwxyz'
    const file = await sdk.storeFile(channelId, Buffer.from(content), {
      filename: 'alphabet.txt',
      mimeType: 'text/plain',
    })
    const partial = await owner.get(`/api/v1/files/${file.id}/download`, {
      headers: { range: 'bytes=10-19' },
    })
    expect(partial.status).toBe(206)
    expect(partial.body).toBe('abcdefghij')
    expect(partial.headers.get('content-range')).toBe(`bytes 10-19/${content.length}`)
    expect(partial.headers.get('content-length')).toBe('10')
    expect(partial.headers.get('accept-ranges')).toBe('bytes')
    const tail = await sdk.downloadFile(file.id, { range: { start: 30, end: 35 } })
    expect(await new Response(tail.body).text()).toBe('uvwxyz')
    const beyond = await owner.get(`/api/v1/files/${file.id}/download`, {
      headers: { range: 'bytes=500-600' },
    })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${content.length}`)
  })

  it('keeps a Unicode name with quotes exact, in a header nobody can break', async () => {
    const filename = 'Bericht "Q3" – 📈\r\nSet-Cookie: x=1.txt'
    const file = await sdk.storeFile(channelId, Buffer.from('hi'), {
      filename,
      mimeType: 'text/plain',
    })
    expect(file.filename).toBe('Bericht "Q3" – 📈Set-Cookie: x=1.txt')
    expect(file.storageKey).toMatch(/^uploads\/[0-9a-f-]{36}$/)
    const reply = await owner.get(`/api/v1/files/${file.id}/download`)
    const disposition = reply.headers.get('content-disposition')!
    expect(disposition).toBe(
      `inline; filename="Bericht _Q3_ _ __Set-Cookie: x=1.txt"; filename*=UTF-8''${encodeURIComponent(file.filename).replace(/'/g, '%27')}`,
    )
    expect(reply.headers.get('set-cookie')).toBeNull()
    expect((await sdk.downloadFile(file.id)).filename).toBe(file.filename)
  })

  it('never serves HTML or SVG as active content', async () => {
    for (const [filename, type] of [
      ['page.html', 'text/html'],
      ['image.svg', 'image/svg+xml'],
    ] as const) {
      const file = await sdk.storeFile(channelId, Buffer.from('<script>alert(1)</script>'), {
        filename,
        mimeType: type,
      })
      const reply = await owner.get(`/api/v1/files/${file.id}/download`)
      expect(reply.headers.get('content-disposition')).toMatch(/^attachment;/)
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
      expect(reply.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/)
    }
  })

  it('makes share links that work without sign-in, and refuses tampered or expired ones', async () => {
    const file = await sdk.storeFile(channelId, Buffer.from('shared bytes'), {
      filename: 'shared.txt',
      mimeType: 'text/plain',
    })
    const link = await owner.get(`/api/files/${file.id}/share`)
    expect(ShareLink.parse(link.body).expiresIn).toBe(3600)
    const url = new URL(link.body.url)
    expect(url.pathname).toMatch(/^\/api\/share\//)
    const path = url.pathname
    const anonymous = await fetch(`${server.url}${path}`)
    expect(anonymous.status).toBe(200)
    expect(await anonymous.text()).toBe('shared bytes')

    const token = path.split('/').pop()!
    const last = token.at(-2) === 'A' ? 'B' : 'A'
    const tampered = await fetch(
      `${server.url}/api/share/${token.slice(0, -2)}${last}${token.at(-1)}`,
    )
    expect(tampered.status).toBe(404)
    const expired = await new SignJWT({ purpose: 'file-share' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(file.id)
      .setAudience('file-share')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(JWT_SECRET))
    const late = await fetch(`${server.url}/api/share/${expired}`)
    expect(late.status).toBe(404)
    expect(((await late.json()) as { message: string }).message).toBe('Attachment not found')
    expect((await member.get(`/api/files/${file.id}/share`)).status).toBe(404)
  })

  it('zips several files into one streamed archive', async () => {
    const a = await sdk.storeText({ channelId, content: 'first', filename: 'notes.md' })
    const b = await sdk.storeText({ channelId, content: 'second', filename: 'notes.md' })
    const c = await sdk.storeText({ channelId, content: 'third', filename: '../../etc/passwd' })
    const response = await fetch(`${server.url}/api/files/bulk-download`, {
      method: 'POST',
      headers: { cookie: owner.cookie!, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [a.id, b.id, c.id] }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/zip')
    const entries = await readZip(Buffer.from(await response.arrayBuffer()))
    expect(Object.fromEntries(entries)).toEqual({
      'notes.md': 'first',
      'notes (2).md': 'second',
      passwd: 'third',
    })
    const foreign = await member.post('/api/files/bulk-download', { ids: [a.id] })
    expect(foreign.status).toBe(404)
  })

  it('removes stored bytes when a file or its message is deleted', async () => {
    const single = await sdk.storeFile(channelId, Buffer.from('bye'), { filename: 'bye.txt' })
    expect(await objects()).toContain(single.storageKey)
    expect((await owner.delete(`/api/files/${single.id}`)).body).toEqual({ message: 'Deleted' })
    expect(await objects()).not.toContain(single.storageKey)
    expect((await owner.get(`/api/v1/files/${single.id}/download`)).status).toBe(404)

    const sent = await sdk.uploadFile(channelId, Buffer.from('in a message'), { filename: 'm.txt' })
    expect(await objects()).toContain(sent.storageKey)
    expect((await owner.delete(`/api/v1/messages/${sent.messageId}`)).status).toBe(200)
    expect(await objects()).not.toContain(sent.storageKey)

    const x = await sdk.storeText({ channelId, content: 'x', filename: 'x.md' })
    const y = await sdk.storeText({ channelId, content: 'y', filename: 'y.md' })
    const bulk = await owner.post('/api/files/bulk-delete', { ids: [x.id, y.id] })
    expect(bulk.body).toEqual({ message: 'Deleted 2 files' })
    const left = await objects()
    expect(left).not.toContain(x.storageKey)
    expect(left).not.toContain(y.storageKey)
  })

  it("refuses every route on another user's files, and keeps nothing they send", async () => {
    const file = await sdk.storeFile(channelId, Buffer.from('private'), { filename: 'p.txt' })
    const before = await objects()
    expect((await member.get(`/api/v1/files/${file.id}/download`)).status).toBe(404)
    expect((await member.get(`/api/files/${file.id}/download`)).status).toBe(404)
    expect((await member.delete(`/api/files/${file.id}`)).status).toBe(404)
    const mine = await member.post('/api/v1/files/store-text', {
      channelId: (await createAgent(member, 'Mine')).id,
      content: 'mine',
    })
    expect(mine.status).toBe(201)
    const mixed = await member.post('/api/files/bulk-delete', { ids: [mine.body.id, file.id] })
    expect(mixed.status).toBe(404)
    expect((await member.get(`/api/files/${mine.body.id}/download`)).status).toBe(200)
    expect((await member.get(`/api/v1/files?channel=${channelId}`)).status).toBe(403)
    const gallery = await member.get('/api/files')
    expect(FileGalleryPage.parse(gallery.body).data.map((item) => item.id)).toEqual([mine.body.id])

    const intrusion = await upload(
      member,
      '/api/v1/files/upload',
      { channelId },
      {
        content: 'spam',
        filename: 'spam.txt',
        type: 'text/plain',
      },
    )
    expect(intrusion.status).toBe(403)
    const asUser = await upload(
      member,
      '/api/files/upload',
      { channelId },
      {
        content: 'spam',
        filename: 'spam.txt',
        type: 'text/plain',
      },
    )
    expect(asUser.status).toBe(403)
    const theft = await member.post('/api/v1/messages', {
      channelId: mine.body.channelId,
      text: 'stolen?',
      attachmentIds: [file.id],
    })
    expect(theft.body.attachments).toEqual([])
    const after = (await objects()).filter((key) => key !== mine.body.storageKey)
    expect(after.sort()).toEqual(before.sort())
  })

  it('inlines small text files for agents', async () => {
    const text = await sdk.storeText({ channelId, content: '# Plan\n- ship', filename: 'plan.md' })
    const message = Message.parse(
      (await owner.post('/api/v1/messages', { channelId, attachmentIds: [text.id] })).body,
    )
    expect(message.attachments[0]).toMatchObject({ id: text.id, textContent: '# Plan\n- ship' })
    const csv = await upload(
      owner,
      '/api/v1/files/upload',
      { channelId },
      {
        content: 'a,b\n1,2',
        filename: 'table.csv',
        type: 'text/csv',
      },
    )
    expect(csv.status).toBe(201)
    const listed = await sdk.listFiles(channelId)
    expect(listed.find((file) => file.id === csv.body.id)?.textContent).toBe('a,b\n1,2')
    const big = await sdk.storeFile(channelId, Buffer.alloc(70 * 1024, 'a'), {
      filename: 'big.txt',
      mimeType: 'text/plain',
    })
    expect((await sdk.listFiles(channelId)).find((file) => file.id === big.id)?.textContent).toBe(
      undefined,
    )
  })

  it('lets a person upload into a chat and find the file in the gallery', async () => {
    const sent = await upload(
      owner,
      '/api/files/upload',
      { channelId, text: 'From me' },
      {
        content: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
        filename: 'photo.png',
        type: 'image/png',
      },
    )
    expect(sent.status).toBe(201)
    expect(Attachment.parse(sent.body)).toMatchObject({ pluginType: '@uax/image', size: 4 })
    const messages = await owner.get(`/api/messages?channel=${channelId}&limit=1`)
    expect(messages.body.data[0]).toMatchObject({ senderType: 'user', text: 'From me' })
    const images = FileGalleryPage.parse((await owner.get('/api/files?type=image/')).body)
    expect(images.data[0]!.id).toBe(sent.body.id)
    expect(images.data[0]!.message?.channelId).toBe(channelId)
    expect(images.data.every((item) => item.mimeType.startsWith('image/'))).toBe(true)
    const named = FileGalleryPage.parse((await owner.get('/api/files?search=PHOTO')).body)
    expect(named.data.map((item) => item.id)).toEqual([sent.body.id])
    const first = FileGalleryPage.parse(
      (await owner.get(`/api/files?agent=${channelId}&limit=2`)).body,
    )
    expect(first.data).toHaveLength(2)
    const second = FileGalleryPage.parse(
      (await owner.get(`/api/files?agent=${channelId}&limit=2&cursor=${first.nextCursor}`)).body,
    )
    expect(second.data[0]!.id).not.toBe(first.data[1]!.id)
    expect(new Date(second.data[0]!.createdAt) <= new Date(first.data[1]!.createdAt)).toBe(true)
  })

  it('answers bad uploads with a 4xx and keeps nothing', async () => {
    const before = await objects()
    const noFile = await upload(owner, '/api/v1/files/upload', { channelId })
    expect(noFile).toMatchObject({ status: 400, body: { message: 'No file provided' } })
    const noChannel = await upload(
      owner,
      '/api/v1/files/store',
      {},
      {
        content: 'x',
        filename: 'x.txt',
        type: 'text/plain',
      },
    )
    expect(noChannel.status).toBe(400)
    expect(noChannel.body.errors[0].path).toEqual(['channelId'])
    const json = await owner.post('/api/v1/files/upload', { channelId })
    expect(json.status).toBe(400)
    const broken = await fetch(`${server.url}/api/v1/files/upload`, {
      method: 'POST',
      headers: { 'x-api-key': owner.apiKey!, 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
    })
    expect(broken.status).toBe(400)
    const unknownChannel = await upload(
      owner,
      '/api/v1/files/upload',
      { channelId: 'nope' },
      {
        content: 'x',
        filename: 'x.txt',
        type: 'text/plain',
      },
    )
    expect(unknownChannel.status).toBe(404)
    expect((await owner.get('/api/files?cursor=nope')).status).toBe(400)
    expect((await owner.post('/api/files/bulk-delete', { ids: [] })).status).toBe(400)
    expect(await objects()).toEqual(before)
  })
}

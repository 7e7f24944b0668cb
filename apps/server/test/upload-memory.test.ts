/**
 * A 50 MB file through the API of a server running in its own process (issue 11): identical
 * bytes back, and the growth of the server's peak RSS (VmHWM, read from /proc) reported and
 * required to stay below the file size, on local disk and on S3. Nothing here is timed.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { PlacetClient } from '@placet/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatedStream } from './file-api-suite.ts'
import { diskBackend, s3Backend, type StorageBackend } from './file-storage-backends.ts'
import { OWNER_EMAIL, OWNER_PASSWORD, TestClient, createTestDatabase } from './harness.ts'
import { SOURCE_ENTRY, startServerProcess, type ServerProcess } from './http-service-process.ts'
import { createAgent } from './messaging-fixtures.ts'

const MB = 1024 * 1024
const FILE_SIZE = 50 * MB

/** Peak resident memory of a process so far (Linux), in bytes. */
function peakRss(pid: number): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(line![1]) * 1024
}

describe.each([
  ['disk', diskBackend],
  ['s3', s3Backend],
])('a 50 MB file on %s, through a server process of its own', (_name, makeBackend) => {
  let backend: StorageBackend
  let server: ServerProcess
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let dataDir: string
  let url: string

  beforeAll(async () => {
    backend = await makeBackend()
    database = await createTestDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'placet-memory-'))
    server = await startServerProcess(SOURCE_ENTRY, {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      INITIAL_USER_EMAIL: OWNER_EMAIL,
      INITIAL_USER_PASSWORD: OWNER_PASSWORD,
      PASSWORD_HASH_COST: '4',
      LOG_LEVEL: 'warn',
      WEB_DIR: join(dataDir, 'no-web'),
      MAX_UPLOAD_MB: '60',
      ...backend.env(`memory-${randomBytes(3).toString('hex')}/`),
    })
    url = server.url
  })
  afterAll(async () => {
    await server?.stop()
    await database?.drop()
    rmSync(dataDir, { recursive: true, force: true })
    await backend?.stop()
  })

  it('uploads and downloads it with identical bytes and flat server memory', async () => {
    const owner = await new TestClient(url).login(OWNER_EMAIL, OWNER_PASSWORD)
    const sdk = new PlacetClient({ baseUrl: url, apiKey: await owner.useNewApiKey() })
    const channelId = (await createAgent(owner, 'Big files')).id
    // A small file first, so the baseline includes a warmed-up upload path.
    await sdk.storeFile(channelId, Buffer.alloc(64 * 1024, 1), { filename: 'warm-up.bin' })
    const { pid } = server
    const baseline = peakRss(pid)

    const sentHash = createHash('sha256')
    const file = await sdk.uploadFile(channelId, generatedStream(FILE_SIZE, sentHash), {
      filename: 'big.bin',
    })
    const afterUpload = peakRss(pid)
    const download = await sdk.downloadFile(file.id)
    const receivedHash = createHash('sha256')
    let received = 0
    for await (const chunk of Readable.fromWeb(download.body as never)) {
      receivedHash.update(chunk as Buffer)
      received += (chunk as Buffer).length
    }
    const afterDownload = peakRss(pid)

    const growth = afterDownload - baseline
    console.log(
      `[${backend.name}] 50 MB through the server: its peak RSS grew by ${((afterUpload - baseline) / MB).toFixed(1)} MB ` +
        `during the upload and ${(growth / MB).toFixed(1)} MB in all (baseline peak ${(baseline / MB).toFixed(1)} MB)`,
    )
    expect(file.size).toBe(FILE_SIZE)
    expect(received).toBe(FILE_SIZE)
    expect(receivedHash.digest('hex')).toBe(sentHash.digest('hex'))
    expect(file.storageKey).not.toContain('big')
    // Holding the file whole, on the way in or out, would raise the peak by at least its 50 MB.
    // What growth there is, is garbage: V8 collects Buffers only after tens of MB of them, and
    // S3's multipart upload keeps up to two 5 MB parts in flight.
    expect(afterUpload - baseline).toBeLessThan(FILE_SIZE)
    expect(afterDownload - afterUpload).toBeLessThan(FILE_SIZE)
  })
})

/**
 * The two places files can live, for the file API tests: the local disk, and a real
 * S3-compatible server (s3rver, pure JavaScript) started on loopback by the test, reached
 * with the official AWS SDK exactly as production reaches AWS or MinIO.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { AddressInfo } from 'node:net'
import S3rver from 's3rver'

export type StorageBackend = {
  name: 'disk' | 's3'
  /** Server settings that put files there; `prefix` keeps servers sharing a bucket apart. */
  env: (prefix: string) => Record<string, string>
  /** Every stored object (keys), plus any temp file a local upload left behind. */
  listObjects: (server: { dataDir: string }, prefix: string) => Promise<string[]>
  stop: () => Promise<void>
}

function walk(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
  } catch {
    return []
  }
}

export async function diskBackend(): Promise<StorageBackend> {
  return {
    name: 'disk',
    env: () => ({}),
    listObjects: async ({ dataDir }) =>
      walk(join(dataDir, 'files')).map((path) => relative(join(dataDir, 'files'), path)),
    stop: async () => undefined,
  }
}

const BUCKET = 'placet-test'
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export async function s3Backend(): Promise<StorageBackend> {
  const directory = mkdtempSync(join(tmpdir(), 'placet-s3-'))
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  })
  const address = (await s3rver.run()) as AddressInfo
  const endpoint = `http://127.0.0.1:${address.port}`
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  })
  return {
    name: 's3',
    env: (prefix) => ({
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_PREFIX: prefix,
    }),
    listObjects: async (_server, prefix) => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))
      return (listed.Contents ?? []).map((object) => object.Key!.slice(prefix.length))
    },
    stop: async () => {
      client.destroy()
      await s3rver.close()
      rmSync(directory, { recursive: true, force: true })
    },
  }
}

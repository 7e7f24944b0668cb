import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Readable } from 'node:stream'
import type { Config } from '../../config.ts'
import { logger } from '../../logger.ts'
import { AppError } from '../errors.ts'
import type { ByteRange, FileStorage } from './file-storage.ts'

const log = logger.child({ module: 's3-file-storage' })

/** S3's smallest part; with two in flight an upload holds about 10 MB, whatever its size. */
const PART_SIZE = 5 * 1024 * 1024
const PARTS_IN_FLIGHT = 2

export type S3Settings = NonNullable<Config['files']['s3']>

/**
 * Files in an S3-compatible bucket (AWS, MinIO, Garage…), shared by every server process of a
 * deployment. Uploads are multipart streams (`@aws-sdk/lib-storage`), so memory stays flat; a
 * failed upload is aborted, which drops its parts.
 */
export class S3FileStorage implements FileStorage {
  readonly kind = 's3'
  private readonly client: S3Client

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // The default CRC32 trailers of newer SDKs are unknown to many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
  }

  async write(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.settings.bucket,
        Key: this.keyOf(key),
        Body: body,
        ContentType: contentType,
      },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    })
    try {
      await upload.done()
    } catch (error) {
      // A body that failed after a single-part upload had been sent could still have landed.
      await this.remove([key])
      throw error
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.keyOf(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      )
      return object.Body as Readable
    } catch (error) {
      if (
        error instanceof NoSuchKey ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
      )
        throw new AppError(404, 'File content not found')
      throw error
    }
  }

  async remove(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.client
          .send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(key) }))
          .catch((error: unknown) =>
            log.warn({ err: error, key }, 'could not remove a stored file'),
          ),
      ),
    )
  }

  /** Ends the client's keep-alive sockets when the server stops. */
  close(): void {
    this.client.destroy()
  }

  private keyOf(key: string): string {
    return `${this.settings.prefix}${key}`
  }
}

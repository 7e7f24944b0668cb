/**
 * What a file can be uploaded from: a path on disk (Node), bytes, a Blob, or a stream (a web
 * `ReadableStream` or any async iterable of bytes, which Node's `Readable` is).
 */
export type FileSource =
  string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>

export type FileInfo = {
  /** The name shown to people; defaults to the path's base name, or `file`. */
  filename?: string
  /** Defaults to the Blob's type, or `application/octet-stream`. */
  mimeType?: string
}

/** A `multipart/form-data` body built as a stream: the file is never held in memory whole. */
export type MultipartBody = { contentType: string; body: ReadableStream<Uint8Array> }

const encoder = new TextEncoder()

/** Field values and names are ours or the caller's; quotes and line breaks must not escape. */
const quoted = (value: string) => value.replace(/[\r\n"\\]/g, (char) => encodeURIComponent(char))

/**
 * Encodes text fields and one file part named `file` (spec 2.5) as a stream of bytes.
 *
 * @example
 * const { contentType, body } = await multipartBody({ channelId }, './report.pdf', {})
 */
export async function multipartBody(
  fields: Record<string, string>,
  source: FileSource,
  info: FileInfo,
): Promise<MultipartBody> {
  const boundary = `placet-${crypto.randomUUID()}`
  const { bytes, filename, mimeType } = await openSource(source, info)
  const head =
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(filename)}"\r\n` +
    `Content-Type: ${mimeType}\r\n\r\n`
  const tail = `\r\n--${boundary}--\r\n`
  const iterator = bytes[Symbol.asyncIterator]()
  let stage: 'head' | 'file' | 'done' = 'head'
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file'
        controller.enqueue(encoder.encode(head))
        return
      }
      if (stage === 'file') {
        const next = await iterator.next()
        if (!next.done) {
          controller.enqueue(
            typeof next.value === 'string' ? encoder.encode(next.value) : next.value,
          )
          return
        }
        stage = 'done'
        controller.enqueue(encoder.encode(tail))
        return
      }
      controller.close()
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  return { contentType: `multipart/form-data; boundary=${boundary}`, body }
}

async function openSource(
  source: FileSource,
  info: FileInfo,
): Promise<{ bytes: AsyncIterable<Uint8Array | string>; filename: string; mimeType: string }> {
  const mimeType =
    info.mimeType ?? ((source instanceof Blob && source.type) || 'application/octet-stream')
  if (typeof source === 'string') {
    // Only uploads from a path need the file system; browsers never get here.
    const { createReadStream } = await import('node:fs')
    const { basename } = await import('node:path')
    return {
      bytes: createReadStream(source),
      filename: info.filename ?? basename(source),
      mimeType,
    }
  }
  const filename = info.filename ?? ((source instanceof File && source.name) || 'file')
  if (source instanceof Uint8Array) return { bytes: once(source), filename, mimeType }
  if (source instanceof Blob) return { bytes: readAll(source.stream()), filename, mimeType }
  if (source instanceof ReadableStream) return { bytes: readAll(source), filename, mimeType }
  return { bytes: source, filename, mimeType }
}

/** Some browsers' web streams are not async iterable; a reader works everywhere. */
async function* readAll(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes
}

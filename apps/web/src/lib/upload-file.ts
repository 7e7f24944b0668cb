import { Attachment, ErrorBody } from '@placet/protocol'
import { env } from '../env'
import { ApiError } from './api-client'

/**
 * Sends a file into a chat as the signed-in person (`POST /api/files/upload`, multipart
 * `channelId` + `file`, spec 3.6). XMLHttpRequest, not fetch: only it reports upload progress,
 * which `onProgress` gets as a fraction from 0 to 1. The message itself arrives through the
 * socket's `message:created`.
 *
 * @example
 * const attachment = await uploadFile(channelId, file, (done) => setProgress(done))
 */
export function uploadFile(
  channelId: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<Attachment> {
  const form = new FormData()
  // Fields before the file: the server reads the stream in order and needs the channel first.
  form.append('channelId', channelId)
  form.append('file', file, file.name)
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `${env.NEXT_PUBLIC_API_URL}/api/files/upload`)
    request.withCredentials = true
    request.setRequestHeader('Accept', 'application/json')
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    // fetch rejects with a TypeError when the network fails; describeRequestError knows that.
    request.onerror = () => reject(new TypeError('network error'))
    request.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(request.responseText)
      } catch {
        body = undefined
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(Attachment.parse(body))
        return
      }
      const error = ErrorBody.safeParse(body)
      reject(
        new ApiError(
          request.status,
          error.success
            ? error.data
            : { statusCode: request.status, message: `Upload failed (HTTP ${request.status})` },
        ),
      )
    }
    request.send(form)
  })
}

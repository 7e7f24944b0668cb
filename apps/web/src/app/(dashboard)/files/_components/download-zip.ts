import { ErrorBody, type FileIdsBody } from '@placet/protocol'
import { env } from '../../../../env'
import { ApiError } from '../../../../lib/api-client'

/**
 * `POST /api/files/bulk-download` (spec 3.6) saved as `files.zip`. The answer is a stream of
 * bytes, not JSON, so it bypasses `apiRequest`; the browser saves it through a blob link.
 */
export async function downloadZip(body: FileIdsBody): Promise<void> {
  const response = await fetch(`${env.NEXT_PUBLIC_API_URL}/api/files/bulk-download`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) {
    const parsed = ErrorBody.safeParse(await response.json().catch(() => undefined))
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data : { statusCode: response.status, message: 'Download failed' },
    )
  }
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = 'files.zip'
  link.click()
  // The click has handed the blob to the download manager; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

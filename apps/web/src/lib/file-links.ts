import { env } from '../env'

/**
 * Where the browser fetches a file with the session cookie (`GET /api/files/:id/download`,
 * spec 3.6). The server sends only script-free types inline, so `<img>`, `<video>` and the
 * PDF frame can point straight at it.
 */
export function fileDownloadUrl(fileId: string): string {
  return `${env.NEXT_PUBLIC_API_URL}/api/files/${encodeURIComponent(fileId)}/download`
}

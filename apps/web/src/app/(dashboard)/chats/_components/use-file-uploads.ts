'use client'

import { useState } from 'react'
import { describeRequestError } from '../../../../lib/describe-request-error'
import { newClientId } from '../../../../lib/new-client-id'
import { uploadFile } from '../../../../lib/upload-file'

/** A file on its way into the chat: its progress (0 to 1), or why it failed. */
export type FileUpload = { id: string; name: string; progress: number; error: string | null }

/**
 * Uploads dropped or picked files into one chat, one request each, and tracks their progress.
 * A finished upload leaves the list: its message arrives through `message:created`.
 */
export function useFileUploads(channelId: string) {
  const [uploads, setUploads] = useState<FileUpload[]>([])

  const patch = (id: string, change: Partial<FileUpload>) =>
    setUploads((current) =>
      current.map((upload) => (upload.id === id ? { ...upload, ...change } : upload)),
    )

  function upload(files: Iterable<File>) {
    for (const file of files) {
      const id = newClientId()
      setUploads((current) => [...current, { id, name: file.name, progress: 0, error: null }])
      uploadFile(channelId, file, (progress) => patch(id, { progress })).then(
        () => setUploads((current) => current.filter((entry) => entry.id !== id)),
        (error: unknown) => patch(id, { error: describeRequestError(error) }),
      )
    }
  }

  const dismiss = (id: string) =>
    setUploads((current) => current.filter((upload) => upload.id !== id))

  return { uploads, upload, dismiss }
}

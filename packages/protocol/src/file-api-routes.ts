import { z } from 'zod'
import { agentRoute, dashboardRoute, type ApiRoute } from './api-route.js'
import { Agent } from './agents.js'
import { MessageResponse } from './common.js'
import {
  FileGalleryPage,
  FileGalleryQuery,
  FileIdsBody,
  ListChannelFilesQuery,
  ShareLink,
  StoreTextBody,
  UploadFields,
} from './files.js'
import { Attachment } from './messages.js'

/** The bytes of a file, in a multipart part or a download: documentation only. */
const FileBytes = z.string().meta({ format: 'binary' })
/** A multipart upload: the text fields plus the part named `file`. */
const UploadForm = UploadFields.extend({ file: FileBytes })
const upload = { body: UploadForm, bodyContentType: 'multipart/form-data' } as const
const download = { response: FileBytes, contentType: 'application/octet-stream' } as const
/** An agent's avatar upload: only the part named `file`, an image. */
const AvatarForm = z.object({ file: FileBytes })

/** Files for agents (spec 2.5) and for people (spec 3.6). */
export const FILE_API_ROUTES: readonly ApiRoute[] = [
  agentRoute({
    method: 'get',
    path: '/api/v1/files',
    summary: 'Every file of a channel, newest first',
    query: ListChannelFilesQuery,
    status: 200,
    response: z.array(Attachment),
  }),
  agentRoute({
    method: 'post',
    path: '/api/v1/files/upload',
    summary: 'Send a file as a new message of the channel (streamed, MAX_UPLOAD_MB)',
    ...upload,
    status: 201,
    response: Attachment,
  }),
  agentRoute({
    method: 'post',
    path: '/api/v1/files/store',
    summary: 'Store a file without a message, to link later with attachmentIds',
    ...upload,
    status: 201,
    response: Attachment,
  }),
  agentRoute({
    method: 'post',
    path: '/api/v1/files/store-text',
    summary: 'Store a text file without a message',
    body: StoreTextBody,
    status: 201,
    response: Attachment,
  }),
  agentRoute({
    method: 'get',
    path: '/api/v1/files/:id/download',
    summary: 'Download a file (HTTP Range supported)',
    status: 200,
    ...download,
  }),
  dashboardRoute({
    method: 'get',
    path: '/api/files',
    summary: 'The file gallery across agents, filtered and paged',
    query: FileGalleryQuery,
    status: 200,
    response: FileGalleryPage,
  }),
  dashboardRoute({
    method: 'post',
    path: '/api/files/upload',
    summary: 'Send a file as the person’s message in a channel',
    ...upload,
    status: 201,
    response: Attachment,
  }),
  dashboardRoute({
    method: 'post',
    path: '/api/files/store',
    summary: 'Store a file without a message (e.g. an annotated image for modifiedFileIds)',
    ...upload,
    status: 201,
    response: Attachment,
  }),
  dashboardRoute({
    method: 'post',
    path: '/api/files/bulk-delete',
    summary: 'Delete several files and their stored objects',
    body: FileIdsBody,
    status: 200,
    response: MessageResponse,
  }),
  dashboardRoute({
    method: 'post',
    path: '/api/files/bulk-download',
    summary: 'Download several files as one ZIP, streamed',
    body: FileIdsBody,
    status: 200,
    response: FileBytes,
    contentType: 'application/zip',
  }),
  dashboardRoute({
    method: 'get',
    path: '/api/files/:id/download',
    summary: 'Download a file (HTTP Range supported)',
    status: 200,
    ...download,
  }),
  dashboardRoute({
    method: 'get',
    path: '/api/files/:id/share',
    summary: 'A signed public link to the file, valid for an hour',
    status: 200,
    response: ShareLink,
  }),
  dashboardRoute({
    method: 'delete',
    path: '/api/files/:id',
    summary: 'Delete a file and its stored object',
    status: 200,
    response: MessageResponse,
  }),
  dashboardRoute({
    method: 'post',
    path: '/api/agents/:id/avatar',
    summary: 'Upload the agent’s avatar (PNG, JPEG, GIF or WebP; replaces the previous one)',
    body: AvatarForm,
    bodyContentType: 'multipart/form-data',
    status: 200,
    response: Agent,
  }),
  dashboardRoute({
    method: 'get',
    path: '/api/agents/:id/avatar',
    summary: 'The agent’s uploaded avatar image (cached privately for an hour)',
    status: 200,
    response: FileBytes,
    contentType: 'image/*',
  }),
  dashboardRoute({
    method: 'delete',
    path: '/api/agents/:id/avatar',
    summary: 'Remove the agent’s avatar and its stored image',
    status: 200,
    response: Agent,
  }),
  {
    method: 'get',
    path: '/api/share/:token',
    auth: 'none',
    tag: 'Dashboard API',
    summary: 'Download through a share link (public, signed, expiring)',
    status: 200,
    ...download,
  },
]

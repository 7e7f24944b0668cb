import { z } from 'zod'
import { Agent } from './agents.js'
import { Id, IsoDate, JsonObject, PageLimit, QueryFlag, pageOf } from './common.js'
import { Review, ReviewRequest } from './reviews.js'

/** Visual colour of a message; null is plain (spec 1.5). */
export const MessageColor = z.enum(['info', 'success', 'warning', 'error'])
export type MessageColor = z.infer<typeof MessageColor>

/** WhatsApp-style delivery ticks (spec 4.5). */
export const DeliveryStatus = z.enum([
  'sent',
  'webhook_delivered',
  'webhook_failed',
  'agent_received',
])
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/** State of a streamed reply; null for normal messages (spec 2.1). */
export const StreamState = z.enum(['streaming', 'complete', 'aborted'])
export type StreamState = z.infer<typeof StreamState>

export const SenderType = z.enum(['agent', 'user'])
export type SenderType = z.infer<typeof SenderType>

/** A file attached to a message, or an orphan waiting to be attached (spec 1.8). */
export const Attachment = z.object({
  id: Id,
  messageId: z.string().nullable(),
  channelId: Id,
  pluginType: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  storageKey: z.string(),
  pluginData: JsonObject.nullable(),
  createdAt: IsoDate,
  /** Inline text of small text files, on agent API responses only. */
  textContent: z.string().optional(),
})
export type Attachment = z.infer<typeof Attachment>

/** A persistent progress step of a streamed turn, keyed by (channelId, streamId) (spec 1.9). */
export const MessageStatusEvent = z.object({
  id: Id,
  channelId: Id,
  streamId: z.string(),
  index: z.number().int(),
  text: z.string(),
  toolHint: z.boolean(),
  createdAt: IsoDate,
})
export type MessageStatusEvent = z.infer<typeof MessageStatusEvent>

/**
 * A message of a channel (spec 1.5). `agentName` and `agent` appear only on some answers and
 * events; `agent` never carries secrets.
 *
 * @example
 * const isPendingReview = (message: Message) => message.review?.status === 'pending'
 */
export const Message = z.object({
  id: Id,
  channelId: Id,
  senderType: SenderType,
  senderId: z.string(),
  text: z.string().nullable(),
  status: MessageColor.nullable(),
  review: Review.nullable(),
  metadata: JsonObject.nullable(),
  deliveryStatus: DeliveryStatus,
  iterationGroupId: z.string().nullable(),
  iteration: z.number().int().nullable(),
  clientId: z.string().nullable(),
  streamId: z.string().nullable(),
  streamState: StreamState.nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate.nullable(),
  attachments: z.array(Attachment),
  statusEvents: z.array(MessageStatusEvent).optional(),
  agentName: z.string().optional(),
  agent: Agent.optional(),
})
export type Message = z.infer<typeof Message>

/** An inline text file created with a message (spec 1.8). */
export const TextAttachment = z.object({
  content: z.string().max(10 * 1024 * 1024),
  filename: z.string().min(1).max(255).default('content.md'),
  mimeType: z.string().min(1).max(255).default('text/markdown'),
})
export type TextAttachment = z.infer<typeof TextAttachment>

/**
 * `POST /api/v1/messages` (spec 2.1). A message needs at least one of text, review, status,
 * attachmentIds or textAttachments.
 *
 * @example
 * CreateMessageBody.parse({ channelId: 'clxyz456', text: 'Deploy?', review: { type: 'approval' } })
 */
export const CreateMessageBody = z
  .object({
    channelId: Id,
    text: z.string().max(1_000_000).optional(),
    status: MessageColor.optional(),
    review: ReviewRequest.optional(),
    metadata: JsonObject.optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    attachmentIds: z.array(Id).max(100).optional(),
    textAttachments: z.array(TextAttachment).max(20).optional(),
    iterationOf: Id.optional(),
    clientId: z.string().min(1).max(256).optional(),
    streamId: z.string().min(1).max(256).optional(),
    streamState: StreamState.optional(),
    streamStartedAt: IsoDate.optional(),
  })
  .refine(
    (body) =>
      body.text !== undefined ||
      body.review !== undefined ||
      body.status !== undefined ||
      (body.attachmentIds?.length ?? 0) > 0 ||
      (body.textAttachments?.length ?? 0) > 0,
    {
      message: 'A message needs text, review, status, attachmentIds or textAttachments',
      path: ['text'],
    },
  )
export type CreateMessageBody = z.infer<typeof CreateMessageBody>

/** `POST /api/messages`: a person writes in a channel (spec 3.5). */
export const CreateUserMessageBody = z
  .object({
    channelId: Id,
    text: z.string().max(1_000_000).optional(),
    attachmentIds: z.array(Id).max(100).optional(),
    clientId: z.string().min(1).max(256).optional(),
  })
  .refine((body) => (body.text?.length ?? 0) > 0 || (body.attachmentIds?.length ?? 0) > 0, {
    message: 'A message needs text or attachmentIds',
    path: ['text'],
  })
export type CreateUserMessageBody = z.infer<typeof CreateUserMessageBody>

/** `PATCH /api/v1/messages/streams/:streamId`: the full text so far, not a delta. */
export const UpdateStreamBody = z.object({
  channelId: Id,
  text: z.string().max(1_000_000),
  complete: z.boolean().optional(),
  streamState: z.literal('aborted').optional(),
})
export type UpdateStreamBody = z.infer<typeof UpdateStreamBody>

/** `POST /api/v1/messages/streams/:streamId/status`. */
export const CreateStatusEventBody = z.object({
  channelId: Id,
  text: z.string().min(1).max(2000),
  toolHint: z.boolean().optional(),
})
export type CreateStatusEventBody = z.infer<typeof CreateStatusEventBody>

/** `?channel=` of channel-scoped agent calls. */
export const ChannelQuery = z.object({ channel: Id.optional() })
export type ChannelQuery = z.infer<typeof ChannelQuery>

/** `GET /api/v1/messages` and `GET /api/messages` (spec 2.1, 3.5). */
export const ListMessagesQuery = z.object({
  channel: Id.optional(),
  limit: PageLimit.default(50),
  cursor: z.string().optional(),
  search: z.string().max(500).optional(),
  has_attachments: QueryFlag,
})
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>

/** A page of messages, newest first. */
export const MessagePage = pageOf(Message)
export type MessagePage = z.infer<typeof MessagePage>

/** `GET /api/v1/messages/iterations/:id` (spec 1.7). */
export const IterationChain = z.object({ groupId: Id, iterations: z.array(Message) })
export type IterationChain = z.infer<typeof IterationChain>

/** `POST /api/v1/messages/:id/ack`. */
export const AckResponse = z.object({ acknowledged: z.literal(true) })
export type AckResponse = z.infer<typeof AckResponse>

/** `GET /api/v1/reviews/:id/wait` (spec 2.2): `message` is absent on `timeout`. */
export const WaitResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('completed'), message: Message }),
  z.object({ status: z.literal('expired'), message: Message }),
  z.object({ status: z.literal('cancelled'), message: Message }),
  z.object({ status: z.literal('timeout') }),
])
export type WaitResult = z.infer<typeof WaitResult>

/** `POST /api/messages/:id/retry`. */
export const RetryResponse = z.object({ retried: z.literal(true) })
export type RetryResponse = z.infer<typeof RetryResponse>

/**
 * @module
 * The wire contract of Placet: every REST body, webhook body and Socket.IO event, as zod
 * schemas with types of the same name. The server, the dashboard and the SDK all import it,
 * so a changed shape breaks the build instead of production.
 */

/** Shared building blocks: timestamps, ids, the error body, pagination. */
export {
  DeletedResponse,
  ErrorBody,
  Id,
  IsoDate,
  JsonObject,
  MessageResponse,
  PageLimit,
  QueryFlag,
  ValidationIssue,
  pageOf,
} from './common.js'

/** Users, sessions and API keys (spec 1.2, 1.4, 3.1-3.3). */
export {
  ApiKey,
  ApiKeyWithSecret,
  ChangePasswordBody,
  CreateApiKeyBody,
  CreateUserBody,
  HealthResponse,
  LoginBody,
  Preferences,
  SessionResponse,
  SessionUser,
  Theme,
  UpdatePreferencesBody,
  UpdateUserBody,
  User,
  UserRole,
  WsTicketResponse,
} from './users.js'

/** Agents, which are also channels (spec 1.3, 2.3, 2.4, 3.4). */
export {
  Agent,
  AgentCommand,
  AgentListItem,
  AgentStats,
  AgentStatus,
  AgentStatusHistory,
  AgentWithWebhookSecret,
  AgentsOverviewStats,
  ChannelBody,
  CreateAgentBody,
  MASKED_SECRET,
  SetCommandsBody,
  SetManagementBody,
  SetSubagentBody,
  SetTagBody,
  SetWebhookBody,
  StatusPingBody,
  UpdateAgentBody,
  WEBHOOK_SECRET_PREFIX,
  WebhookAuth,
  WebhookHeaders,
  uploadedAvatarVersion,
  webhookSecretKey,
} from './agents.js'

/** Reviews: payload and response per type, statuses, answering (spec 1.6). */
export {
  ApprovalOption,
  ApprovalPayload,
  ApprovalResponse,
  DEFAULT_APPROVAL_OPTIONS,
  FormField,
  FormFieldOption,
  FormFieldType,
  FormPayload,
  FormResponse,
  FreeformPayload,
  FreeformResponse,
  RespondBody,
  Responder,
  Review,
  ReviewCallback,
  ReviewCounts,
  ReviewListQuery,
  ReviewRequest,
  ReviewStatus,
  ReviewType,
  SelectionItem,
  SelectionPayload,
  SelectionResponse,
  TextInputPayload,
  TextInputResponse,
  WaitQuery,
} from './reviews.js'

/** Checking and redacting answers. */
export { REDACTED, checkReviewResponse, redactReviewResponse } from './review-response.js'
export type { ReviewForCheck, ReviewResponseCheck } from './review-response.js'

/** Messages, attachments, streams and iterations (spec 1.5, 1.7-1.9, 2.1, 3.5). */
export {
  AckResponse,
  Attachment,
  ChannelQuery,
  CreateMessageBody,
  CreateStatusEventBody,
  CreateUserMessageBody,
  DeliveryStatus,
  IterationChain,
  ListMessagesQuery,
  Message,
  MessageColor,
  MessagePage,
  MessageStatusEvent,
  RetryResponse,
  SenderType,
  StreamState,
  TextAttachment,
  UpdateStreamBody,
  WaitResult,
} from './messages.js'

/** Files: uploads, the gallery, bulk actions and share links (spec 1.8, 2.5, 3.6). */
export {
  FileGalleryItem,
  FileGalleryPage,
  FileGalleryQuery,
  FileIdsBody,
  ListChannelFilesQuery,
  ShareLink,
  StoreTextBody,
  UploadFields,
} from './files.js'

/** Webhook bodies and the delivery log (spec 4). */
export {
  AgentStatusWebhook,
  MessageCreatedWebhook,
  ReviewCancelledWebhook,
  ReviewExpiredWebhook,
  ReviewRespondedWebhook,
  WebhookAttempt,
  WebhookBody,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookDeliveryLogQuery,
  WebhookDeliveryPage,
  WebhookDeliveryState,
} from './webhooks.js'
export type { WebhookEvent } from './webhooks.js'

/** The API request log (spec 1.10, 3.7). */
export { ApiLog, ApiLogDirection, ApiLogListQuery, ApiLogPage, ApiLogStatusFilter } from './logs.js'

/** Web Push: VAPID key, subscriptions, what a notification carries (spec 3.7, 6.8). */
export {
  PushNotification,
  PushSubscribeBody,
  PushUnsubscribeBody,
  VapidKeyResponse,
} from './push.js'

/** The Socket.IO surface and the event log (seed-websocket.md, spec 5). */
export {
  AgentCommandsPayload,
  AgentStatusPayload,
  CLIENT_EVENT_SCHEMAS,
  EventsPage,
  EventsQuery,
  LoggedEvent,
  MessageDeletedPayload,
  MessageDeliveryPayload,
  MessageDeltaPayload,
  MessageEventPayload,
  MessageProgressPayload,
  MessageStatusPayload,
  OAuthCodePayload,
  OAuthErrorPayload,
  OAuthStartPayload,
  ReviewCancelledPayload,
  ReviewExpiredPayload,
  ReviewRespondedPayload,
  SOCKET_NAMESPACE,
  SocketAck,
  SubscribeChannelPayload,
  toEmitArgs,
} from './events.js'
export type {
  ClientToServerEvents,
  CredentialRevocation,
  InterServerEvents,
  LoggedEventArgs,
  LoggedEventEmitter,
  LoggedEventType,
  ServerEventPayload,
  ServerToClientEvents,
  SocketData,
} from './events.js'

/** The HTTP routes and the OpenAPI 3.1 document generated from them. */
export { API_ROUTES } from './api-routes.js'
export type { ApiAuth, ApiRoute } from './api-route.js'
export { buildOpenApiDocument } from './openapi-document.js'

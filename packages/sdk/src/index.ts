/**
 * @module
 * The Placet agent SDK, built on `@placet/protocol`: ask a person and wait for the typed answer
 * (through reconnects and server restarts), stream replies, keep a heartbeat, and call the whole
 * agent API. Webhook verification is in `@placet/sdk/webhooks`.
 */

/** The agent SDK: the request helpers, streams and heartbeat on top of the REST client. */
export { Placet } from './placet.js'
export type { PlacetOptions } from './placet.js'
/** The REST client of the agent API and its options. */
export { PlacetClient } from './rest-client.js'
export type { FileDownload, PlacetClientOptions } from './rest-client.js'
export type { FileInfo, FileSource } from './file-upload-body.js'
/** The resumable Socket.IO client. */
export { PlacetRealtime } from './realtime-client.js'
export type { AgentSocket, PlacetRealtimeOptions } from './realtime-client.js'
/** Streamed replies and the heartbeat. */
export { MessageStream } from './message-stream.js'
export type { KeepAlive, KeepAliveOptions } from './keep-alive.js'
/** What the request helpers take and resolve. */
export type {
  ApprovalAnswer,
  ApprovalRequest,
  FormAnswer,
  FormDismissal,
  FormRequest,
  FreeformRequest,
  ReviewOutcome,
  ReviewRequestOptions,
  SelectionAnswer,
  SelectionRequest,
  TextRequest,
} from './review-requests.js'
/** The error every failed call throws. */
export { PlacetError } from './placet-error.js'

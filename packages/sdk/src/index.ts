/**
 * @module
 * The Placet agent SDK, built on `@placet/protocol`: a typed REST client of the agent API and a
 * resumable Socket.IO client that never loses an answer across a disconnect.
 */

/** The REST client and its options. */
export { PlacetClient } from './rest-client.js'
export type { FileDownload, PlacetClientOptions } from './rest-client.js'
export type { FileInfo, FileSource } from './file-upload-body.js'
/** The resumable Socket.IO client. */
export { PlacetRealtime } from './realtime-client.js'
export type { AgentSocket, PlacetRealtimeOptions } from './realtime-client.js'
/** The error every failed call throws. */
export { PlacetError } from './placet-error.js'

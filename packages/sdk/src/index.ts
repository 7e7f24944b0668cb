/**
 * @module
 * The Placet agent SDK: a typed REST client of the agent API, built on `@placet/protocol`.
 */

/** The REST client and its options. */
export { PlacetClient } from './rest-client.js'
export type { PlacetClientOptions } from './rest-client.js'
/** The error every failed call throws. */
export { PlacetError } from './placet-error.js'

// Checked by `tsc --noEmit` in `pnpm test`: a listener of the wrong payload must not compile.
import type { AgentStatusPayload, ReviewExpiredPayload } from '@placet/protocol'
import { expectTypeOf } from 'vitest'
import type { PlacetRealtime } from './realtime-client.js'

declare const realtime: PlacetRealtime

realtime.on('review:expired', (payload) => {
  expectTypeOf(payload).toEqualTypeOf<ReviewExpiredPayload>()
})
realtime.on('agent:status', (payload: AgentStatusPayload) => void payload.status)
realtime.on('pong', () => undefined)

// @ts-expect-error review:expired carries {messageId, seq}, not an agent status
realtime.on('review:expired', (payload: AgentStatusPayload) => void payload.status)
// @ts-expect-error not an event the server emits
realtime.on('review:answered', () => undefined)

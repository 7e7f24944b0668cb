// Checked by `tsc --noEmit` in `pnpm test`: what a change emits is typed by event name.
import type { Emit } from './message-events.ts'

declare const emit: Emit
const at = { userId: 'user-1', channelId: 'agent-1' }

emit({ ...at, type: 'review:expired', payload: { messageId: 'message-1', channelId: 'agent-1' } })
emit({ ...at, type: 'message:deleted', payload: { messageId: 'message-1', channelId: 'agent-1' } })
emit({
  ...at,
  type: 'agent:status',
  payload: { agentId: 'agent-1', status: 'active', statusMessage: null, statusSince: null },
})

emit({
  ...at,
  type: 'review:expired',
  // @ts-expect-error review:expired carries {messageId}, not an agent status
  payload: { agentId: 'agent-1', status: 'active', statusMessage: null, statusSince: null },
})
// @ts-expect-error message:created carries the whole message
emit({ ...at, type: 'message:created', payload: { messageId: 'message-1', channelId: 'agent-1' } })
// @ts-expect-error the log assigns seq; payload and name must still match
emit({ ...at, type: 'agent:status', payload: { messageId: 'message-1' } })
// @ts-expect-error relayed events are not logged
emit({ ...at, type: 'message:delta', payload: { channelId: 'agent-1', delta: 'x' } })

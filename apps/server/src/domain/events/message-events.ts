import type { Message } from '@placet/protocol'
import type { EventLog } from './event-log.ts'

/** The `emit` handed to the work of {@link EventLog.change}. */
export type Emit = Parameters<Parameters<EventLog['change']>[0]>[1]

/** The channel an event belongs to, and whose log and `user:<id>` room it goes to. */
export type EventChannel = { id: string; ownerId: string; name: string }

/** `message:created` / `message:updated` of an agent's message carry `agentName` (spec 1.5). */
export function emitMessage(
  emit: Emit,
  type: 'message:created' | 'message:updated',
  message: Message,
  agent: EventChannel,
): void {
  const payload = message.senderType === 'agent' ? { ...message, agentName: agent.name } : message
  emit({ type, userId: agent.ownerId, channelId: agent.id, payload })
}

import {
  CLIENT_EVENT_SCHEMAS,
  toEmitArgs,
  type LoggedEventEmitter,
  type ServerEventPayload,
  type SocketAck,
} from '@placet/protocol'
import type { z } from 'zod'
import type { ChannelAccess } from '../domain/agents/channel-access.ts'
import { redactForDashboard, type EventReplay } from '../domain/events/event-replay.ts'
import { findUnsafeText } from '../domain/unsafe-text.ts'
import { logger } from '../logger.ts'
import {
  channelRoom,
  dashboardChannelRoom,
  subscriptionRoom,
  userRoom,
  type PlacetSocket,
} from './socket-types.ts'

const log = logger.child({ module: 'realtime' })

type ClientEvent = keyof typeof CLIENT_EVENT_SCHEMAS
type Ack = ((result: SocketAck) => void) | undefined
/** A relayed client event, as the server emits it on: each name with its own payload. */
type RelayArgs = {
  [Name in RelayEvent]: [type: Name, payload: ServerEventPayload<Name>]
}[RelayEvent]
type RelayEvent = 'message:delta' | 'message:progress' | 'agent:commands'

/**
 * The client events of one socket (spec 5.2). Payloads are parsed with the protocol catalog;
 * a bad one is answered on the ack when there is one, otherwise logged and dropped — nothing is
 * thrown inside a listener. Relayed events need the sender to own the channel (Placet relays
 * them unchecked, spec 9.3.3).
 */
export function registerChannelHandlers(
  socket: PlacetSocket,
  deps: { access: ChannelAccess; replay: EventReplay },
) {
  const { access, replay } = deps
  const { userId } = socket.data
  // Ownership does not change, so each relayed channel is checked once per socket.
  const ownedChannels = new Set<string>()
  const emitter: LoggedEventEmitter = socket
  // Client payloads are unknown until the catalog parses them, so listeners take `unknown`.
  const inbound: { on(event: ClientEvent, listener: (raw: unknown, ack?: unknown) => void): void } =
    socket

  async function isOwned(channelId: string): Promise<string | null> {
    if (ownedChannels.has(channelId)) return null
    const denial = await access.findDenial(userId, channelId)
    if (!denial) ownedChannels.add(channelId)
    return denial
  }

  function on<Event extends ClientEvent>(
    event: Event,
    handle: (payload: z.infer<(typeof CLIENT_EVENT_SCHEMAS)[Event]>, ack: Ack) => Promise<void>,
  ) {
    const listener = async (raw: unknown, maybeAck?: unknown) => {
      const ack: Ack = typeof maybeAck === 'function' ? (maybeAck as Ack) : undefined
      const unsafe = findUnsafeText(raw)
      if (unsafe) return ack?.({ ok: false, error: `Invalid payload: ${unsafe}` })
      const parsed = CLIENT_EVENT_SCHEMAS[event].safeParse(raw)
      if (!parsed.success) {
        log.debug({ event, issues: parsed.error.issues }, 'invalid client event dropped')
        ack?.({
          ok: false,
          error: `Invalid payload: ${parsed.error.issues[0]?.message ?? 'bad shape'}`,
        })
        return
      }
      try {
        // zod infers the union of every schema's output for a generic key; the key picked it.
        await handle(parsed.data as z.infer<(typeof CLIENT_EVENT_SCHEMAS)[Event]>, ack)
      } catch (error) {
        log.error({ err: error, event }, 'client event failed')
        ack?.({ ok: false, error: 'Internal error' })
      }
    }
    inbound.on(event, listener)
  }

  on('subscribe:channel', async (payload, ack) => {
    const { channelId, since } =
      typeof payload === 'string' ? { channelId: payload, since: undefined } : payload
    const denial = await isOwned(channelId)
    // The seed's clients emit without an ack: for them a refusal stays silent, as in Placet.
    if (denial) return ack?.({ ok: false, error: denial })
    if (since === undefined) {
      await socket.join(subscriptionRoom(socket, channelId))
      return ack?.({ ok: true, seq: await replay.lastSeqOf(userId, channelId) })
    }
    // Replay what was missed, join, then replay the gap between the two: live events may
    // overlap the gap, which clients drop by `seq` (the SDK does).
    let replayed = 0
    let after = since
    const sendMissed = async () => {
      for await (const logged of replay.channelEvents(userId, channelId, after)) {
        const event = socket.data.authMethod === 'apiKey' ? logged : redactForDashboard(logged)
        emitter.emit(...toEmitArgs(event))
        after = event.seq
        replayed += 1
      }
    }
    await sendMissed()
    await socket.join(subscriptionRoom(socket, channelId))
    await sendMissed()
    ack?.({ ok: true, replayed, seq: after })
  })

  on('unsubscribe:channel', async (channelId, ack) => {
    await socket.leave(subscriptionRoom(socket, channelId))
    ack?.({ ok: true })
  })

  on('channel:read', async (channelId, ack) => {
    const denial = await isOwned(channelId)
    if (denial) return ack?.({ ok: false, error: denial })
    await access.markRead(userId, channelId)
    ack?.({ ok: true })
  })

  // Streaming chunks, progress lines and the command palette are relayed as sent, to the
  // channel's agents and dashboards; they are not stored, so they carry no seq. They go out
  // in the order they came in: two deltas checked at once could otherwise pass each other
  // while their first ownership look-ups race.
  let relayed = Promise.resolve()
  function relay(args: RelayArgs, ack: Ack): Promise<void> {
    const next = relayed.then(() => relayInOrder(args, ack))
    relayed = next.catch(() => undefined)
    return next
  }
  async function relayInOrder(args: RelayArgs, ack: Ack) {
    const { channelId } = args[1]
    const denial = await isOwned(channelId)
    if (denial) return ack?.({ ok: false, error: denial })
    const rooms: { emit(...args: RelayArgs): unknown } = socket.to([
      channelRoom(channelId),
      dashboardChannelRoom(channelId),
    ])
    rooms.emit(...args)
    ack?.({ ok: true })
  }
  on('message:delta', (payload, ack) => relay(['message:delta', payload], ack))
  on('message:progress', (payload, ack) => relay(['message:progress', payload], ack))
  on('agent:commands', (payload, ack) => relay(['agent:commands', payload], ack))

  on('oauth:start', async (payload, ack) => {
    const denial = await isOwned(payload.channelId)
    if (denial) return ack?.({ ok: false, error: denial })
    socket.to(userRoom(userId)).emit('oauth:start', {
      channelId: payload.channelId,
      state: payload.state,
      provider: payload.provider,
      authUrl: payload.authUrl ?? null,
      deviceCode: payload.deviceCode ?? null,
    })
    ack?.({ ok: true })
  })

  socket.on('ping', () => {
    socket.emit('pong')
  })
}

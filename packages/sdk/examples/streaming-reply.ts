/**
 * A streamed reply: the text appears in the dashboard as it is written, with a status step, and
 * a heartbeat shows the agent busy meanwhile. Run: PLACET_API_URL=… PLACET_API_KEY=hp_…
 * PLACET_CHANNEL=<agent id> npx tsx examples/streaming-reply.ts
 */
import { Placet } from '@placet/sdk'

const placet = new Placet({
  baseUrl: process.env.PLACET_API_URL ?? 'http://localhost:3000',
  apiKey: process.env.PLACET_API_KEY ?? '',
  channelId: process.env.PLACET_CHANNEL,
})

const heartbeat = placet.keepAlive({ status: 'busy', message: 'Writing a summary' })
const reply = await placet.stream()
await reply.status('Reading the changelog', { toolHint: true })
// Stands in for a model's tokens.
for (const token of ['The release ', 'adds streaming ', 'and fixes ', 'two bugs.']) {
  reply.append(token)
  await new Promise((resolve) => setTimeout(resolve, 50))
}
const message = await reply.complete()
await heartbeat.set('active', null)
heartbeat.stop()
placet.close()
console.log(JSON.stringify({ id: message.id, text: message.text, state: message.streamState }))

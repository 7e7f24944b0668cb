/**
 * A form: asks a person for release details; the answer is typed by the fields (`replicas` is a
 * number, `notify` a boolean). Run: PLACET_API_URL=… PLACET_API_KEY=hp_… PLACET_CHANNEL=<agent id>
 * npx tsx examples/release-form.ts
 */
import { Placet } from '@placet/sdk'

const placet = new Placet({
  baseUrl: process.env.PLACET_API_URL ?? 'http://localhost:3000',
  apiKey: process.env.PLACET_API_KEY ?? '',
  channelId: process.env.PLACET_CHANNEL,
})

const outcome = await placet.requestForm({
  text: 'Release details, please',
  fields: [
    { name: 'owner', type: 'email', label: 'Release owner', required: true },
    { name: 'replicas', type: 'number', label: 'Replicas', required: true, min: 1, max: 20 },
    { name: 'notify', type: 'checkbox', label: 'Notify customers' },
  ],
})
placet.close()

if (outcome.status !== 'completed' || 'dismissed' in outcome.response) {
  console.log(`No details (${outcome.status})`)
  process.exitCode = 1
} else {
  // owner: string, replicas: number, notify: boolean | undefined, as the fields say.
  const { owner, replicas, notify } = outcome.response
  console.log(JSON.stringify({ owner, replicas, notify: notify ?? false }))
}

/**
 * A deploy approval gate: asks a person in Placet before deploying, and exits 0 only when they
 * approve. Run: PLACET_API_URL=http://localhost:3000 PLACET_API_KEY=hp_… PLACET_CHANNEL=<agent id>
 * npx tsx examples/deploy-approval.ts v2.4.1
 */
import { Placet } from '@placet/sdk'

const version = process.argv[2] ?? 'latest'
const placet = new Placet({
  baseUrl: process.env.PLACET_API_URL ?? 'http://localhost:3000',
  apiKey: process.env.PLACET_API_KEY ?? '',
  channelId: process.env.PLACET_CHANNEL,
})

const outcome = await placet.requestApproval({
  text: `Deploy ${version} to production?`,
  options: [
    { id: 'deploy', label: 'Deploy', style: 'primary' },
    { id: 'cancel', label: 'Not now', style: 'danger' },
  ],
  allowComment: true,
  expiresInSeconds: 3600,
})
placet.close()

if (outcome.status === 'completed' && outcome.response.selectedOption === 'deploy') {
  console.log(`Approved by ${outcome.respondedBy?.name ?? 'someone'}: deploying ${version}`)
} else {
  console.log(`Not deploying ${version} (${outcome.status})`)
  process.exitCode = 1
}

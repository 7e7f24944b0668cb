/**
 * An Express webhook receiver: verifies each delivery's Standard Webhooks signature with the
 * agent's secret and prints the event. Register its URL with `placet.setWebhook(...)`; the
 * first registration answers with the `whsec_…` secret. Run: PLACET_WEBHOOK_SECRET=whsec_…
 * PORT=4000 npx tsx examples/webhook-receiver.ts
 */
import { WebhookVerificationError, verifyWebhook } from '@placet/sdk/webhooks'
import express from 'express'

const secret = process.env.PLACET_WEBHOOK_SECRET ?? ''
const app = express()

// The raw body, exactly as signed: a parsed and re-serialised body would not match.
app.post('/placet', express.text({ type: '*/*' }), (req, res) => {
  try {
    const event = verifyWebhook({ secret, body: req.body, headers: req.headers })
    if (event.event === 'review:responded')
      console.log(JSON.stringify({ event: event.event, response: event.response }))
    else console.log(JSON.stringify({ event: event.event }))
    res.sendStatus(204)
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error
    res.status(401).json({ error: error.message })
  }
})

const server = app.listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening on ${typeof address === 'object' ? address?.port : address}`)
})

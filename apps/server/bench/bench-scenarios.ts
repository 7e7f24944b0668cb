/**
 * What the bench measures, the same way on the floor and on the product.
 *
 * @module
 */
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import type { ClientSocket } from '../test/socket-harness.ts'
import {
  answer,
  connectAgent,
  connectDashboard,
  longPoll,
  postMessage,
  type Agent,
  type Cast,
} from './bench-clients.ts'

export type Latency = { p50: number; p95: number; p99: number; n: number }

export function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length }
}

export type Ingest = { requestsPerSecond: number; p50: number; p99: number; failures: number }

/**
 * `connections` agents post plain messages back to back (a closed loop each, keep-alive), for
 * `seconds` after a short warm-up; the keys and channels rotate over the cast.
 */
export async function ingest(cast: Cast, connections: number, seconds: number): Promise<Ingest> {
  let counter = 0
  const run = (duration: number) =>
    autocannon({
      url: cast.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/messages',
          setupRequest: (request) => {
            const agent = cast.agents[counter++ % cast.agents.length]!
            return {
              ...request,
              headers: { 'content-type': 'application/json', 'x-api-key': agent.apiKey },
              body: JSON.stringify({ channelId: agent.channelId, text: `message ${counter}` }),
            }
          },
        },
      ],
    })
  await run(2)
  const result = await run(seconds)
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  }
}

export type Transport = 'socket' | 'long-poll'

/**
 * Answer -> agent: each flow posts a review, opens the agent's wait (its subscribed socket
 * already listens, or a long-poll is sent), and the person answers; a sample runs from the
 * person sending the answer to the agent having it. `flows` run at once, `rounds` times each.
 * The agent's wait and the answer are sent together, as a person answering at once would.
 */
export async function answerLatency(
  agentCast: Cast,
  personCast: Cast,
  sockets: Map<string, ClientSocket>,
  transport: Transport,
  flows: number,
  rounds: number,
): Promise<Latency> {
  const samples: number[] = []
  const flow = async (agent: Agent) => {
    const socket = sockets.get(agent.channelId)!
    for (let round = 0; round < rounds; round++) {
      const review = await postMessage(agentCast.url, agent, {
        text: 'Deploy?',
        review: { type: 'approval' },
      })
      const arrived =
        transport === 'socket'
          ? new Promise<number>((resolve) => {
              const onAnswer = (message: { id: string }) => {
                if (message.id !== review.id) return
                socket.off('review:responded', onAnswer)
                resolve(performance.now())
              }
              socket.on('review:responded', onAnswer)
            })
          : longPoll(agentCast.url, agent, review.id).then(() => performance.now())
      const sentAt = performance.now()
      const [arrivedAt] = await Promise.all([
        arrived,
        answer(personCast.url, personCast.personHeaders, review.id),
      ])
      samples.push(arrivedAt - sentAt)
    }
  }
  await Promise.all(agentCast.agents.slice(0, flows).map(flow))
  return latencyOf(samples)
}

/** Subscribed sockets of the first `count` agents, by channel. */
export async function agentSockets(cast: Cast, count: number) {
  const sockets = new Map<string, ClientSocket>()
  for (const agent of cast.agents.slice(0, count))
    sockets.set(agent.channelId, await connectAgent(cast.url, agent))
  return sockets
}

export type FanOut = { latency: Latency; rssIdleMiB: number; rssLoadedMiB: number }

/**
 * One agent's message reaching `count` dashboard sockets: a sample per socket and message, from
 * the agent sending it to that socket having it. RSS of the server is read before the sockets
 * connect and once they all have.
 */
export async function fanOut(
  cast: Cast,
  count: number,
  messages: number,
  rssMiB: () => number,
): Promise<FanOut> {
  const rssIdleMiB = rssMiB()
  const dashboards: ClientSocket[] = []
  for (let start = 0; start < count; start += 100)
    dashboards.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, count - start) }, () => connectDashboard(cast)),
      )),
    )
  const rssLoadedMiB = rssMiB()
  const samples: number[] = []
  try {
    for (let round = 0; round < messages; round++) {
      const marker = `fan-out ${round}`
      const arrivals = dashboards.map(
        (socket) =>
          new Promise<number>((resolve) => {
            const onMessage = (message: { text?: string | null }) => {
              if (message.text !== marker) return
              socket.off('message:created', onMessage)
              resolve(performance.now())
            }
            socket.on('message:created', onMessage)
          }),
      )
      const sentAt = performance.now()
      await postMessage(cast.url, cast.agents[0]!, { text: marker })
      for (const arrivedAt of await Promise.all(arrivals)) samples.push(arrivedAt - sentAt)
    }
  } finally {
    for (const socket of dashboards) socket.close()
  }
  return { latency: latencyOf(samples), rssIdleMiB, rssLoadedMiB }
}

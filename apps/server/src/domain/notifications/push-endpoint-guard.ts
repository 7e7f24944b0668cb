import { AppError } from '../errors.ts'
import { findWebhookUrlProblem } from '../webhooks/webhook-url-guard.ts'

/**
 * Why the server may not send to a push endpoint, or null when it may. A browser only ever hands
 * out https endpoints of public push services, so anything else is refused unless
 * PUSH_ALLOW_PRIVATE is on (development, tests): the server would otherwise POST wherever a
 * signed-in user points it, the webhook SSRF problem again.
 */
export async function findPushEndpointProblem(
  endpoint: string,
  allowPrivate: boolean,
): Promise<string | null> {
  if (!allowPrivate && !endpoint.startsWith('https://')) return 'Push endpoints must use https'
  return findWebhookUrlProblem(endpoint, allowPrivate)
}

/** Subscription-time check: a 400 naming the problem. */
export async function assertPushEndpointAllowed(
  endpoint: string,
  allowPrivate: boolean,
): Promise<void> {
  const problem = await findPushEndpointProblem(endpoint, allowPrivate)
  if (problem)
    throw new AppError(400, `Push endpoint refused: ${problem}`, [
      { code: 'ssrf', message: problem, path: ['endpoint'] },
    ])
}

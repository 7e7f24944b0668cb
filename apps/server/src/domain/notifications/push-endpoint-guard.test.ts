import { describe, expect, it } from 'vitest'
import { findPushEndpointProblem } from './push-endpoint-guard.ts'

describe('findPushEndpointProblem', () => {
  it('refuses http and private endpoints unless PUSH_ALLOW_PRIVATE is on', async () => {
    expect(await findPushEndpointProblem('http://8.8.8.8/push/1', false)).toBe(
      'Push endpoints must use https',
    )
    expect(await findPushEndpointProblem('https://127.0.0.1/push/1', false)).toMatch(/loopback/)
    expect(await findPushEndpointProblem('https://10.1.2.3/push/1', false)).toMatch(/private/)
    expect(await findPushEndpointProblem('https://8.8.8.8/push/1', false)).toBeNull()

    expect(await findPushEndpointProblem('http://127.0.0.1:9/push/1', true)).toBeNull()
  })

  it('refuses credentials in the URL even in development', async () => {
    expect(await findPushEndpointProblem('http://user:pw@127.0.0.1/push', true)).toMatch(
      /Credentials/,
    )
  })
})

import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { findWebhookUrlProblem, isBlockedAddress } from './webhook-url-guard.ts'

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ])('blocks %s', (address) => expect(isBlockedAddress(address)).toBe(true))

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700::1111'])('allows %s', (address) =>
    expect(isBlockedAddress(address)).toBe(false),
  )
})

describe('findWebhookUrlProblem', () => {
  it('refuses loopback, private and metadata targets as literals and names', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://metadata.google.internal/',
      'http://10.0.0.5/hook',
      'http://app.localhost/hook',
    ]) {
      expect(await findWebhookUrlProblem(url, false), url).not.toBeNull()
    }
  })

  it('checks what a name resolves to', async () => {
    // The machine's own name resolves (through /etc/hosts) to one of its own addresses.
    expect(await findWebhookUrlProblem(`http://${hostname()}:8080/hook`, false)).toMatch(
      /private|does not resolve/,
    )
    expect(await findWebhookUrlProblem('http://localhost./hook', false)).toMatch(/not allowed/)
  })

  it('refuses other schemes and credentials in the URL', async () => {
    expect(await findWebhookUrlProblem('ftp://example.com/x', false)).toMatch(/http/)
    expect(await findWebhookUrlProblem('https://user:pw@example.com/x', false)).toMatch(
      /Credentials/,
    )
  })

  it('allows public addresses, and private ones only when allowed', async () => {
    expect(await findWebhookUrlProblem('https://93.184.216.34/hook', false)).toBeNull()
    expect(await findWebhookUrlProblem('http://127.0.0.1:9000/hook', true)).toBeNull()
  })
})

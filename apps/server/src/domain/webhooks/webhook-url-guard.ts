import type { LookupAddress } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { AppError } from '../errors.ts'

/*
 * SSRF guard for webhook targets (spec 4.3, 9.1.4): refuses loopback, private, link-local,
 * carrier-grade NAT, unspecified and cloud-metadata addresses, both as literals and after DNS
 * resolution. Used when a URL is registered (400) and again before every send (the delivery
 * fails with the reason), since DNS may change in between.
 */

/** Resolves a host name to its addresses, as `dns.lookup(host, { all: true })` does. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>

export const systemResolver: Resolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true })

const BLOCKED = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6')
}
const BLOCKED_HOSTNAMES = new Set([
  'localhost',
  'metadata.google.internal',
  'metadata',
  'instance-data',
])

/** True when the address is one a webhook must never reach. */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address)
  if (version === 4) return BLOCKED.check(address, 'ipv4')
  if (version === 6) {
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
    return mapped ? BLOCKED.check(mapped[1]!, 'ipv4') : BLOCKED.check(address, 'ipv6')
  }
  return true
}

/**
 * Why a URL may not receive webhooks, or null when it may. With `allowPrivate`
 * (WEBHOOK_ALLOW_PRIVATE) only the scheme is checked.
 */
export async function findWebhookUrlProblem(
  url: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<string | null> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'Not a valid URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'Only http and https URLs are allowed'
  if (parsed.username || parsed.password)
    return 'Credentials in the URL are not allowed; use auth instead'
  if (allowPrivate) return null
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  if (BLOCKED_HOSTNAMES.has(host) || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return `Host ${host} is not allowed`
  }
  if (isIP(host))
    return isBlockedAddress(host) ? `Address ${host} is private, loopback or link-local` : null
  let addresses: { address: string }[]
  try {
    addresses = await resolve(host)
  } catch {
    return `Host ${host} does not resolve`
  }
  const blocked = addresses.find(({ address }) => isBlockedAddress(address))
  return blocked ? `Host ${host} resolves to a private address (${blocked.address})` : null
}

/** Registration-time check: a 400 naming the problem. */
export async function assertWebhookUrlAllowed(
  url: string,
  allowPrivate: boolean,
  field = 'url',
): Promise<void> {
  const problem = await findWebhookUrlProblem(url, allowPrivate)
  if (problem)
    throw new AppError(400, `Webhook URL refused: ${problem}`, [
      { code: 'ssrf', message: problem, path: [field] },
    ])
}

import type { LookupAddress } from 'node:dns'
import { Agent } from 'undici'
import { isBlockedAddress, systemResolver, type Resolver } from './webhook-url-guard.ts'

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * The connection pool webhooks are sent through. It resolves each host itself, refuses a
 * private answer, and connects to exactly the address it checked: checking a name and then
 * letting `fetch` resolve it again left a DNS-rebinding gap (a name that answers a public
 * address to the guard and a private one to the connection; issue 14).
 */
export function createPinnedConnector(options: {
  allowPrivate: boolean
  resolve?: Resolver
}): Agent {
  const { allowPrivate, resolve = systemResolver } = options
  const pinnedLookup = (
    hostname: string,
    lookupOptions: { all?: boolean },
    done: LookupCallback,
  ) => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = allowPrivate
          ? undefined
          : addresses.find(({ address }) => isBlockedAddress(address))
        if (blocked || addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            blocked
              ? `Host ${hostname} resolves to a private address (${blocked.address})`
              : `Host ${hostname} does not resolve`,
          )
          error.code = blocked ? 'ESSRFBLOCKED' : 'ENOTFOUND'
          return done(error, '')
        }
        if (lookupOptions.all) return done(null, addresses)
        const [first] = addresses
        done(null, first!.address, first!.family)
      },
      (error: NodeJS.ErrnoException) => done(error, ''),
    )
  }
  return new Agent({ connect: { lookup: pinnedLookup as never } })
}

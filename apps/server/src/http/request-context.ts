import type { ApiKeyIdentity } from '../domain/accounts/api-keys.ts'
import type { SignedInUser } from '../domain/accounts/sessions.ts'

/** What the auth middleware attaches to a request. */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in dashboard user (JWT cookie or Bearer JWT). */
      user?: SignedInUser
      /** The API key an agent call was made with. */
      agent?: ApiKeyIdentity
    }
  }
}

export {}

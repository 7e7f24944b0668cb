import { SignJWT, jwtVerify } from 'jose'

/** Share links last one hour (spec 1.8, 3.6). */
export const SHARE_TTL_SECONDS = 3600
const PURPOSE = 'file-share'

/**
 * Signed, expiring share tokens (spec 1.8): a JWT `{sub: attachmentId, purpose: 'file-share'}`
 * for `GET /api/share/:token`, which needs no other sign-in.
 */
export class ShareLinks {
  private readonly key: Uint8Array

  constructor(jwtSecret: string) {
    this.key = new TextEncoder().encode(jwtSecret)
  }

  sign(attachmentId: string): Promise<string> {
    return new SignJWT({ purpose: PURPOSE })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(attachmentId)
      .setAudience(PURPOSE)
      .setIssuedAt()
      .setExpirationTime(`${SHARE_TTL_SECONDS}s`)
      .sign(this.key)
  }

  /** The attachment id of a valid token; null when it is forged, tampered with or expired. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: PURPOSE,
      })
      return payload.purpose === PURPOSE && typeof payload.sub === 'string' ? payload.sub : null
    } catch {
      return null
    }
  }
}

import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { hubError } from '../errors';
import { agencyRoles } from './roles';

/**
 * Session tokens: short-lived JWTs (HS256) signed with the deployment's shared secret, so
 * every hub process accepts the tokens of every other.
 */
export const principalSchema = z.object({
  /** `user:<id>` or `agency:<code>` (an agency system logged in with its seal key). */
  sub: z.string(),
  /** The agency the session acts for; absent for a hub administrator without one. */
  agency: z.string().optional(),
  roles: z.array(z.enum([...agencyRoles, 'system'])),
  hubAdmin: z.boolean(),
  /** When the token expires (seconds since the epoch); set on verified tokens. */
  exp: z.number().optional(),
});
export type Principal = z.infer<typeof principalSchema>;

const issuer = 'oa-exchange-hub';
/** Verified tokens remembered (a client sends the same token with every request until it expires). */
const verifiedCacheSize = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens already verified, with what they say: a token is immutable and signed, so checking
   * it again until it expires gives the same answer (jose's HMAC check through WebCrypto costs
   * about a millisecond of the event loop per request).
   */
  private readonly verified = new Map<string, Principal>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(principal: Principal): Promise<{ token: string; expiresAt: string }> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ agency: principal.agency, roles: principal.roles, hubAdmin: principal.hubAdmin })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.sub)
      .setIssuer(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresAt: new Date((now + this.ttlSeconds) * 1000).toISOString() };
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.exp !== undefined && known.exp * 1000 > Date.now()) return known;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer, algorithms: ['HS256'] });
      // Frozen: every request with this token shares it.
      const parsed = principalSchema.parse(payload);
      const principal = Object.freeze({ ...parsed, roles: Object.freeze(parsed.roles) as Principal['roles'] });
      if (this.verified.size >= verifiedCacheSize) this.verified.clear();
      this.verified.set(token, principal);
      return principal;
    } catch (error) {
      this.verified.delete(token);
      if (error instanceof joseErrors.JWTExpired) {
        throw hubError('TOKEN_EXPIRED', {
          zh: '登录已过期，请重新登录。',
          en: 'The session has expired; log in again.',
        });
      }
      throw hubError('UNAUTHENTICATED', {
        zh: '登录凭据无效，请重新登录。',
        en: 'The session token is not valid; log in again.',
      });
    }
  }
}

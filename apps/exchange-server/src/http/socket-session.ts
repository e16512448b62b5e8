import type { FastifyRequest } from 'fastify';
import { isOaError, pickText } from '@oa/shared';
import { agencyWith } from '../auth/access';
import type { TokenService } from '../auth/tokens';
import { principalOf } from './context';

/** A WebSocket's session: the agency it acts for and how long its token still holds. */
export interface SocketSession {
  agency: string;
  /** Who: `user:<id>` (or `agency:<code>` for an agency system). */
  sub: string;
  expiresInMs: number;
}

/**
 * Authenticates a WebSocket by the hub session token (`Authorization: Bearer` or `?token=`) and
 * checks the `view` permission in its agency. On failure the socket is closed — 4401 without a
 * valid session, 4403 without the permission — and undefined is returned.
 */
export async function socketSession(
  request: FastifyRequest,
  tokens: TokenService,
  close: (code: number, reason: string) => void,
): Promise<SocketSession | undefined> {
  try {
    const principal = await principalOf(request, tokens);
    const agency = agencyWith(principal, 'view');
    return {
      agency,
      sub: principal.sub,
      expiresInMs: principal.exp === undefined ? Infinity : principal.exp * 1000 - Date.now(),
    };
  } catch (error) {
    const reason = isOaError(error) ? `${error.code}: ${pickText(error.text, 'en')}` : 'UNAUTHENTICATED';
    close(isOaError(error) && error.code === 'FORBIDDEN' ? 4403 : 4401, reason.slice(0, 120));
    return undefined;
  }
}

/** Closes the socket when its token expires (the client logs in again and reconnects); returns a cancel. */
export function closeOnExpiry(session: SocketSession, close: (code: number, reason: string) => void): () => void {
  if (!Number.isFinite(session.expiresInMs)) return () => undefined;
  const timer = setTimeout(() => close(4401, 'TOKEN_EXPIRED'), Math.max(0, session.expiresInMs));
  return () => clearTimeout(timer);
}

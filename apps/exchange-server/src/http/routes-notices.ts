import type { FastifyInstance } from 'fastify';
import { pickText, isOaError } from '@oa/shared';
import { agencyWith } from '../auth/access';
import { principalOf, type HubServices } from './context';

/**
 * `GET /v1/notices` (WebSocket): the hub pushes one JSON notice per new arrival or state
 * change of the caller's agency, so clients need not poll. A client that was offline catches
 * up with `GET /v1/inbox`.
 */
export function noticeRoutes(app: FastifyInstance, services: HubServices): void {
  app.get('/v1/notices', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    let agency: string;
    let expiresInMs: number;
    try {
      const principal = await principalOf(request, services.tokens);
      agency = agencyWith(principal, 'view');
      expiresInMs = principal.exp === undefined ? Infinity : principal.exp * 1000 - Date.now();
    } catch (error) {
      const reason = isOaError(error) ? `${error.code}: ${pickText(error.text, 'en')}` : 'unauthorised';
      socket.close(4401, reason.slice(0, 120));
      return;
    }
    const unsubscribe = services.notices.subscribe(agency, (notice) => socket.send(JSON.stringify(notice)));
    // The session ends with its token: the client logs in again and reconnects.
    const expiry = Number.isFinite(expiresInMs)
      ? setTimeout(() => socket.close(4401, 'TOKEN_EXPIRED'), Math.max(0, expiresInMs))
      : undefined;
    socket.on('close', () => {
      clearTimeout(expiry);
      unsubscribe();
    });
    socket.send(JSON.stringify({ type: 'ready', agency }));
  });
}

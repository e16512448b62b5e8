import type { FastifyInstance } from 'fastify';
import type { HubServices } from './context';
import { closeOnExpiry, socketSession } from './socket-session';

/**
 * `GET /v1/notices` (WebSocket): the hub pushes one JSON notice per new arrival or state
 * change of the caller's agency, so clients need not poll. A client that was offline catches
 * up with `GET /v1/inbox`.
 */
export function noticeRoutes(app: FastifyInstance, services: HubServices): void {
  app.get('/v1/notices', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    const close = (code: number, reason: string) => socket.close(code, reason);
    const session = await socketSession(request, services.tokens, close);
    if (session === undefined) return;
    const { agency } = session;
    const unsubscribe = services.notices.subscribe(agency, (notice) => socket.send(JSON.stringify(notice)));
    // The session ends with its token: the client logs in again and reconnects.
    const cancelExpiry = closeOnExpiry(session, close);
    socket.on('close', () => {
      cancelExpiry();
      unsubscribe();
    });
    socket.send(JSON.stringify({ type: 'ready', agency }));
  });
}

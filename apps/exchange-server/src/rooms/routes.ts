import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { HubServices } from '../http/context';
import { closeOnExpiry, socketSession } from '../http/socket-session';
import { draftNoAccess } from '../drafts/errors';
import { roomRoute, type RoomPeer } from './room';

/** Close codes of a room connection (4000 + the HTTP status they correspond to). */
export const roomCloseCodes = { unauthenticated: 4401, forbidden: 4403, badMessage: 4400 } as const;

/**
 * `GET /v1/drafts/:documentId/room` (WebSocket, y-websocket protocol): the live room of a
 * draft's body. The connection carries the hub session token (`Authorization: Bearer`, or
 * `?token=` from a browser); it is let in only when the session's agency, with the `view`
 * permission, drafts the document and the person may open it (its drafter, a co-drafter, a person
 * of its flow: drafts/access-rule.ts). Anyone else — a colleague not on the draft, another agency,
 * a hub administrator without an agency, an unknown draft — is closed with 4403 and learns
 * nothing about the draft.
 */
export function roomRoutes(app: FastifyInstance, services: HubServices): void {
  const { rooms } = services;
  app.get(roomRoute, { websocket: true, schema: { hide: true } }, (socket: WebSocket, request) => {
    const documentId = (request.params as { documentId: string }).documentId;
    // Messages may arrive while the session is checked and the room loads: keep them in order.
    const early: Uint8Array[] = [];
    let deliver = (message: Uint8Array) => void early.push(message);
    socket.binaryType = 'arraybuffer';
    socket.on('message', (data: ArrayBuffer) => deliver(new Uint8Array(data)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const peer: RoomPeer = {
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(message);
      },
    };

    void (async () => {
      const close = (code: number, reason: string) => socket.close(code, reason);
      const session = await socketSession(request, services.tokens, close);
      if (session === undefined) return;
      const { agency } = session;
      if (!(await rooms.mayOpen(agency, session.sub, documentId))) {
        socket.close(roomCloseCodes.forbidden, `${draftNoAccess.code}: no such draft, or not yours to open`);
        return;
      }
      if (socket.readyState !== socket.OPEN) return;
      const room = await rooms.enter(agency, documentId, peer);
      const cancelExpiry = closeOnExpiry(session, close);
      deliver = (message) => {
        try {
          room.receive(peer, message);
        } catch {
          socket.close(roomCloseCodes.badMessage, 'BAD_MESSAGE: not the y-websocket protocol');
        }
      };
      early.splice(0).forEach(deliver);
      await closed;
      cancelExpiry();
      await rooms.leave(peer);
    })().catch((error: unknown) => {
      request.log.error({ err: error }, 'draft room failed');
      socket.close(1011, 'INTERNAL');
    });
  });
}

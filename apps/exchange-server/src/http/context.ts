import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/service';
import type { Principal, TokenService } from '../auth/tokens';
import type { DirectoryService } from '../directory/service';
import type { DraftPeopleService } from '../drafts/draft-people';
import type { NoticeHub } from '../exchange/notices';
import type { ExchangeService } from '../exchange/service';
import { hubError } from '../errors';
import type { HubStore } from '../storage/store';
import type { RoomService } from '../rooms/service';
import type { SyncService } from '../sync/service';
import { roomRoute } from '../rooms/room';
import { errorSchema } from './schemas';

/** What the routes work with. */
export interface HubServices {
  store: HubStore;
  tokens: TokenService;
  auth: AuthService;
  directory: DirectoryService;
  exchange: ExchangeService;
  notices: NoticeHub;
  sync: SyncService;
  rooms: RoomService;
  draftPeople: DraftPeopleService;
}

/** Every route answers errors in this shape. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  422: errorSchema,
};

const authenticated = new WeakMap<FastifyRequest, Principal>();

/** Routes anyone may call: logging in, and the WebSockets (which close with 4401 themselves). */
export const publicRoutes = new Set([
  '/v1/auth/login',
  '/v1/auth/challenge',
  '/v1/auth/agency',
  '/v1/notices',
  roomRoute,
]);

/** Authenticates every other /v1 request before its body is even parsed (an onRequest hook). */
export async function authenticate(request: FastifyRequest, tokens: TokenService): Promise<void> {
  if (publicRoutes.has(request.routeOptions.url ?? '')) return;
  authenticated.set(request, await readToken(request, tokens));
}

/** The caller, from `Authorization: Bearer <token>` (or `?token=` for WebSocket clients in browsers). */
export async function principalOf(request: FastifyRequest, tokens: TokenService): Promise<Principal> {
  return authenticated.get(request) ?? readToken(request, tokens);
}

async function readToken(request: FastifyRequest, tokens: TokenService): Promise<Principal> {
  const header = request.headers.authorization;
  let token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (token === undefined) {
    const query = request.query as Record<string, unknown> | undefined;
    if (typeof query?.['token'] === 'string') token = query['token'];
  }
  if (!token) {
    throw hubError('UNAUTHENTICATED', {
      zh: '需要登录：请求缺少 Authorization: Bearer 令牌。',
      en: 'Log in first: the request has no Authorization: Bearer token.',
    });
  }
  return tokens.verify(token);
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

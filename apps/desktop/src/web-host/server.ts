import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResponse } from '../api-contract';
import { invokeApi, type DesktopCore, type ErrorLog } from '../core';
import { desktopError } from '../core/errors';
import { storeLimits } from '../core/limits';
import { rendererHeaders } from '../shell/security';
import { rendererFile } from '../shell/static-files';

/**
 * The web host (development and e2e only): the renderer's built files and the API table
 * over HTTP on the loopback interface, so the real UI runs in a normal browser where no
 * Electron binary is available. Every API call needs the random token printed at start;
 * requests naming another host (DNS rebinding) or coming from another origin are refused.
 *
 *   POST /api/<method>   Authorization: Bearer <token>   body: JSON input → ApiResponse JSON
 *   GET  /…              the renderer's files (index.html for client-side routes)
 */
export interface WebHostOptions {
  core: DesktopCore;
  /** The renderer build (apps/desktop/dist/renderer); without it only the API is served. */
  staticDir?: string;
  port?: number;
  token?: string;
  log?: ErrorLog;
}

export interface WebHost {
  /** The address to open, token included (in the fragment, which is never sent to a server). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** Largest request body: an attachment at the blob limit, base64-encoded, plus room. */
const maxBodyBytes = Math.ceil((storeLimits.maxBlobBytes * 4) / 3) + 1024 * 1024;
const loopback = '127.0.0.1';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.('web-host', error);
      if (!response.headersSent) send(response, 500, failure(desktopError('API_INTERNAL').toJSON()));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
      send(response, 421, failure(desktopError('API_UNAUTHORIZED').toJSON()));
      return;
    }
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path.startsWith('/api/')) {
      await api(request, response, path.slice('/api/'.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, failure(desktopError('API_UNKNOWN_METHOD', { method: request.method ?? '' }).toJSON()));
      return;
    }
    const file = options.staticDir === undefined ? undefined : rendererFile(options.staticDir, path);
    if (file === undefined) {
      response.writeHead(404, { ...rendererHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('未找到 / Not found\n');
      return;
    }
    response.writeHead(200, { ...rendererHeaders, 'Content-Type': file.type, 'Cache-Control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  async function api(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    const sentOrigin = request.headers.origin;
    const authorization = Buffer.from(request.headers.authorization ?? '');
    const authorized = authorization.length === expected.length && timingSafeEqual(authorization, expected);
    if (!authorized || (sentOrigin !== undefined && sentOrigin !== origin)) {
      send(response, 401, failure(desktopError('API_UNAUTHORIZED').toJSON()));
      return;
    }
    if (request.method !== 'POST') {
      send(
        response,
        405,
        failure(desktopError('API_UNKNOWN_METHOD', { method: `${request.method} ${method}` }).toJSON()),
      );
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      send(
        response,
        413,
        failure(desktopError('API_BAD_INPUT', { issues: `body over ${maxBodyBytes} bytes` }).toJSON()),
      );
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      send(response, 400, failure(desktopError('API_BAD_INPUT', { issues: 'not JSON' }).toJSON()));
      return;
    }
    let name: string;
    try {
      name = decodeURIComponent(method);
    } catch {
      name = method;
    }
    const result = await invokeApi(options.core, name, input, { log: options.log });
    send(response, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, loopback, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${loopback}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function failure(error: Extract<ApiResponse, { ok: false }>['error']): ApiResponse {
  return { ok: false, error };
}

function send(response: ServerResponse, status: number, payload: ApiResponse): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(JSON.stringify(payload));
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

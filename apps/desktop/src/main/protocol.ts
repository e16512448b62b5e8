import { protocol } from 'electron';
import { rendererHeaders, rendererScheme } from '../shell/security';
import { rendererFile } from '../shell/static-files';

/**
 * The renderer is served from a private `app://renderer/` origin (not file://), so the CSP
 * header applies, the origin is checkable by IPC and nothing else on disk is reachable.
 */
/** Call before `app.whenReady()`. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: rendererScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(rendererScheme, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'renderer' ? rendererFile(rendererDir, url.pathname) : undefined;
    if (file === undefined) return new Response('Not found', { status: 404, headers: rendererHeaders });
    return new Response(new Uint8Array(file.body), { headers: { ...rendererHeaders, 'Content-Type': file.type } });
  });
}

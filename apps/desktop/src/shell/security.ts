import type { WebPreferences } from 'electron';

/**
 * Security settings shared by the Electron shell and the web host (docs/desktop.md):
 * the renderer loads only its own files, runs only its own scripts and talks only to
 * its own origin.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every file of the renderer. */
export const rendererHeaders: Record<string, string> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Media types of the files a renderer build contains. */
export const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** The channel name of one API method on Electron IPC. */
export function ipcChannel(method: string): string {
  return `oa:${method}`;
}

/** webPreferences of every Electron window: the renderer gets only the preload's bridge. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The private origin the Electron renderer is served from (app://renderer/…). */
export const rendererScheme = 'app';
export const rendererOrigin = `${rendererScheme}://renderer`;

/** Whether an IPC call comes from a frame of our own renderer (not a stray or injected page). */
export function isRendererUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    // Not `.origin`: for a non-special scheme such as app: the WHATWG URL origin is "null".
    const parsed = new URL(url);
    return parsed.protocol === `${rendererScheme}:` && parsed.host === 'renderer';
  } catch {
    return false;
  }
}

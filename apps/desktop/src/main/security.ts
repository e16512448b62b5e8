import { app, session } from 'electron';

/**
 * Electron's hardening (docs/desktop.md "Security"): every window sandboxed, no navigation
 * away from the renderer, no new windows, no <webview>, no permissions (camera, location,
 * notifications …) granted to the page.
 */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/** After ready: refuse every permission request and check of the default session. */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

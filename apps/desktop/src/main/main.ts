import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDesktopCore, type DesktopCore } from '../core';
import { registerApi } from './ipc';
import { registerRendererScheme, serveRenderer } from './protocol';
import { electronSecretSealer } from './secret-sealer';
import { rendererOrigin, secureWebPreferences } from '../shell/security';
import { hardenApp, hardenSession } from './security';

/**
 * The Electron shell: one window on the renderer, the API table on IPC, the core on the
 * user's data directory. Everything that is not UI or Electron lives in src/core.
 * Built by `pnpm --filter @oa/desktop build` into dist/main (this), dist/preload, dist/renderer.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(here, '..');
let core: DesktopCore | undefined;

registerRendererScheme();
hardenApp();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window?.isMinimized()) window.restore();
  window?.focus();
});

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: '公文办理',
    webPreferences: secureWebPreferences(join(distDir, 'preload', 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${rendererOrigin}/index.html`);
}

app
  .whenReady()
  .then(async () => {
    hardenSession();
    core = openDesktopCore({ dataDir: join(app.getPath('userData'), 'data'), sealer: electronSecretSealer() });
    registerApi(core, (method, error) => console.error(`[desktop-api] ${method}:`, error));
    serveRenderer(join(distDir, 'renderer'));
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  })
  .catch((error: unknown) => {
    console.error('[desktop] start-up failed:', error);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => core?.close());

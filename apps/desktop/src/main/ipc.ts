import { ipcMain } from 'electron';
import { desktopMethods } from '../api-contract';
import { invokeApi, type DesktopCore, type ErrorLog } from '../core';
import { desktopError } from '../core/errors';
import { ipcChannel, isRendererUrl } from '../shell/security';

/**
 * One ipcMain.handle per method of the API table. The renderer is untrusted input: only
 * frames of our own renderer origin may call, and invokeApi parses every input with the
 * method's zod schema before a handler sees it.
 */
export function registerApi(core: DesktopCore, log: ErrorLog): void {
  for (const method of desktopMethods) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!isRendererUrl(event.senderFrame?.url)) {
        return { ok: false, error: desktopError('API_UNAUTHORIZED').toJSON() };
      }
      return invokeApi(core, method, input, { log });
    });
  }
}

import { contextBridge, ipcRenderer } from 'electron';
import { methodNames } from '../api-contract/method-names';
import { ipcChannel } from '../shell/security';

/**
 * The preload: exposes the API table to the renderer as `window.oaDesktop`, one function
 * per method, each forwarding its input over IPC, and nothing else (no ipcRenderer, no
 * Node). Runs sandboxed with context isolation; main checks every input again.
 */
const bridge = Object.fromEntries(
  methodNames.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input)]),
);

contextBridge.exposeInMainWorld('oaDesktop', Object.freeze(bridge));

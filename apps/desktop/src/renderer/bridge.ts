import type { ApiResponse, ApiTransport, DesktopMethod } from '../api-contract';

/** What the Electron preload exposes (one function per API method). */
type ElectronBridge = Record<DesktopMethod, (input: unknown) => Promise<ApiResponse>>;

declare global {
  interface Window {
    oaDesktop?: ElectronBridge;
  }
}

const tokenKey = 'oa.web-host.token';

/**
 * The web host's token: it arrives in the address's fragment (`#token=…`, never sent to a
 * server), is kept for this tab only, and removed from the address bar.
 */
function webHostToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash !== null) {
    sessionStorage.setItem(tokenKey, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(tokenKey) ?? '';
}

/** The transport to the API table: Electron IPC through the preload, or the web host's RPC. */
export function pickTransport(): { kind: 'electron' | 'web-host'; transport: ApiTransport } {
  const bridge = window.oaDesktop;
  if (bridge !== undefined) {
    return { kind: 'electron', transport: (method, input) => bridge[method](input) };
  }
  const token = webHostToken();
  return {
    kind: 'web-host',
    transport: async (method, input) => {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as ApiResponse;
    },
  };
}

import type { HubConfig } from './config';
import { createHub, type Hub } from './hub';
import { SignatureSealVerifier } from './seal/signature-verifier';
import { PooledSealVerifier } from './seal/verifier-pool';
import type { SealVerifier } from './seal/verifier';

export interface RunningHub extends Hub {
  /** The address the hub listens on, e.g. `http://127.0.0.1:8443`. */
  url: string;
}

/** Starts a hub on its configured address with the deployment's roots and CRLs. */
export async function startHub(config: HubConfig): Promise<RunningHub> {
  const verifier: SealVerifier =
    config.verifyWorkers > 0
      ? new PooledSealVerifier(config.trustRoots, config.crls, config.verifyWorkers)
      : SignatureSealVerifier.fromFiles(config.trustRoots, config.crls);
  let hub: Hub;
  try {
    if (verifier instanceof PooledSealVerifier) await verifier.ready();
    const created = await createHub(config, verifier);
    hub = {
      ...created,
      close: async () => {
        await created.close();
        await verifier.close?.();
      },
    };
  } catch (error) {
    await verifier.close?.();
    throw error;
  }
  try {
    const address = await hub.app.listen({ host: config.host, port: config.port });
    if (config.trustRoots.length === 0) {
      hub.app.log.warn('no trust roots configured (trustRoots / --trust-root): no seal can be registered or verified');
    }
    return { ...hub, url: address };
  } catch (error) {
    await hub.close();
    throw error;
  }
}

/**
 * Closes the hub on SIGTERM/SIGINT: stop accepting, finish running requests, close the
 * database, exit. A second signal exits at once.
 */
export function closeOnSignals(hub: RunningHub, onClosed: (code: number) => void): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      onClosed(1);
      return;
    }
    closing = true;
    hub.app.log.info({ signal }, 'shutting down');
    hub.close().then(
      () => onClosed(0),
      () => onClosed(1),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminCredentials } from './hub';
import { spawnHub, type HubProcess } from './process';

/**
 * A hub process on a fresh temporary data directory with the test administrator
 * (`adminCredentials`); `stop` ends it and removes the directory. `args` adds flags
 * (e.g. `--trust-root`).
 */
export async function spawnScratchHub(args: string[] = []): Promise<HubProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'oa-hub-'));
  const hub = await spawnHub(['--data-dir', dataDir, '--log-level', 'warn', ...args], {
    OA_HUB_ADMIN_USER: adminCredentials.username,
    OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  });
  return {
    ...hub,
    stop: async () => {
      try {
        return await hub.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

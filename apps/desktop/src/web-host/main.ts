import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDesktopCore } from '../core';
import { defaultWebHostDataDir } from './data-dir';
import { startWebHost } from './server';

/**
 * Runs the web host: `tsx src/web-host/main.ts` (env: OA_DATA_DIR, OA_WEB_HOST_PORT).
 * Prints the address with its token; Ctrl+C stops it and closes the database cleanly.
 */
export async function runWebHost(options: { rendererDir: string; announce?: string }): Promise<void> {
  const dataDir = defaultWebHostDataDir();
  const core = openDesktopCore({ dataDir });
  const host = await startWebHost({
    core,
    staticDir: existsSync(options.rendererDir) ? options.rendererDir : undefined,
    port: Number(process.env.OA_WEB_HOST_PORT ?? 0),
    log: (method, error) => console.error(`[web-host] ${method}:`, error),
  });
  if (options.announce) console.log(options.announce);
  console.log(`公文办理 web host: ${host.url}`);
  console.log(`  data: ${dataDir}`);
  console.log('  (loopback only; the token in the address is required for every API call; Ctrl+C stops)');
  const stop = () => {
    void host.close().finally(() => {
      core.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runWebHost({ rendererDir: fileURLToPath(new URL('../../dist/renderer', import.meta.url)) });
}

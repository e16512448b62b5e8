/**
 * The hub on its own: `pnpm --filter @oa/exchange-server start [--config file] [--port …]`.
 * Embedded defaults: SQLite under .data/hub, 127.0.0.1:8443.
 */
import { isOaError, pickText } from '@oa/shared';
import { loadConfig } from './config';
import path from 'node:path';
import { parseConfigArgs, resolveConfigPaths } from './flags';
import { closeOnSignals, startHub } from './server';

try {
  const { file, flags } = parseConfigArgs(process.argv.slice(2));
  // Paths are relative to where the user ran the command (pnpm runs scripts in the package dir).
  const base = process.env['INIT_CWD'] ?? process.cwd();
  const config = loadConfig({
    ...(file === undefined ? {} : { file: path.resolve(base, file) }),
    flags: resolveConfigPaths(flags, base),
  });
  const hub = await startHub(config);
  closeOnSignals(hub, (code) => process.exit(code));
} catch (error) {
  const message = isOaError(error) ? `${error.code}: ${pickText(error.text, 'en')}` : (error as Error).message;
  process.stderr.write(`exchange hub: ${message}\n`);
  process.exit(isOaError(error) ? 2 : 1);
}

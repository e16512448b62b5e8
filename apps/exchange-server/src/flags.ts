import path from 'node:path';
import { parseArgs } from 'node:util';
import { OaError } from '@oa/shared';
import type { HubConfig } from './config';

/**
 * Command-line flags of `oa hub serve` and the server entry, one row per configuration key.
 * (The admin password is deliberately not a flag: command lines are visible to other users;
 * use OA_HUB_ADMIN_PASSWORD or the config file.)
 */
export const configFlags: ReadonlyArray<{
  key: keyof HubConfig;
  flag: string;
  description: string;
  multiple?: boolean;
}> = [
  { key: 'host', flag: 'host', description: 'address to listen on (default 127.0.0.1)' },
  { key: 'port', flag: 'port', description: 'port to listen on (default 8443; 0 picks a free one)' },
  { key: 'dataDir', flag: 'data-dir', description: 'SQLite data directory (default .data/hub)' },
  { key: 'databaseUrl', flag: 'database-url', description: 'PostgreSQL URL (instead of SQLite)' },
  { key: 'trustRoots', flag: 'trust-root', description: 'root CA certificate (PEM); repeatable', multiple: true },
  { key: 'crls', flag: 'crl', description: 'CRL file (PEM or DER); repeatable', multiple: true },
  { key: 'tlsCert', flag: 'tls-cert', description: 'TLS certificate (PEM)' },
  { key: 'tlsKey', flag: 'tls-key', description: 'TLS private key (PEM)' },
  { key: 'maxClassification', flag: 'max-classification', description: 'none | secret | confidential | top-secret' },
  { key: 'verifyWorkers', flag: 'verify-workers', description: 'signature verification threads (0: none)' },
  { key: 'tokenTtlSeconds', flag: 'token-ttl-seconds', description: 'session token lifetime (default 900)' },
  { key: 'bodyLimit', flag: 'body-limit', description: 'largest request body in bytes' },
  { key: 'logLevel', flag: 'log-level', description: 'fatal | error | warn | info | debug | trace | silent' },
  { key: 'adminUser', flag: 'admin-user', description: 'create this hub administrator on start (password from env)' },
];

/** Parses `--data-dir x --trust-root a --trust-root b --config file` into config flags. */
export function parseConfigArgs(argv: readonly string[]): { file?: string; flags: Record<string, unknown> } {
  const options = Object.fromEntries([
    ['config', { type: 'string' as const }],
    ...configFlags.map((f) => [f.flag, { type: 'string' as const, multiple: f.multiple ?? false }]),
  ]);
  // `pnpm start -- --port 1` passes the `--` through.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new OaError('USAGE', {
      zh: `命令行参数有误：${(error as Error).message}`,
      en: `Bad command-line arguments: ${(error as Error).message}`,
    });
  }
  const flags: Record<string, unknown> = {};
  for (const f of configFlags) {
    const value = values[f.flag];
    if (value !== undefined) flags[f.key] = value;
  }
  const file = values['config'];
  return typeof file === 'string' ? { file, flags } : { flags };
}

/** Configuration keys holding file paths. */
export const pathConfigKeys: ReadonlySet<string> = new Set(['dataDir', 'trustRoots', 'crls', 'tlsCert', 'tlsKey']);

/** Makes the path flags absolute against `base` (where the user ran the command). */
export function resolveConfigPaths(flags: Record<string, unknown>, base: string): Record<string, unknown> {
  const resolve = (value: unknown) => (typeof value === 'string' ? path.resolve(base, value) : value);
  return Object.fromEntries(
    Object.entries(flags).map(([key, value]) => [
      key,
      !pathConfigKeys.has(key) ? value : Array.isArray(value) ? value.map(resolve) : resolve(value),
    ]),
  );
}

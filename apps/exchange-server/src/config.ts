import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { OaError, classificationLevels } from '@oa/shared';

/**
 * Hub configuration. Sources, later ones winning: defaults < JSON file (`--config`,
 * `OA_HUB_CONFIG`) < environment (`OA_HUB_*`) < command-line flags. docs/hub.md lists every key.
 */
export const hubConfigSchema = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8443),
  /** SQLite data directory (the embedded default) … */
  dataDir: z.string().default('.data/hub'),
  /** … or a PostgreSQL URL, which wins when set. */
  databaseUrl: z.string().optional(),
  /** PEM files of the deployment's root CAs; seals must chain to one of them. */
  trustRoots: z.array(z.string()).default([]),
  /** CRL files (PEM or DER) of those CAs: revoked seals are refused. */
  crls: z.array(z.string()).default([]),
  /** TLS certificate and key (PEM files); HTTPS when both are given. */
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  /** Secret for signing session tokens: shared by every hub process of a deployment (≥ 32 chars). */
  tokenSecret: z.string().min(32).optional(),
  tokenTtlSeconds: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Worker threads verifying signatures and seals; 0 verifies on the request thread. */
  verifyWorkers: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(Math.max(1, Math.min(4, availableParallelism() - 1))),
  /** Highest 密级 this hub may carry; `none` for a system cleared for unclassified documents only. */
  maxClassification: z.enum(['none', ...classificationLevels]).default('none'),
  /** Largest request body in bytes (base64 PDFs and attachments). */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Creates this hub administrator on start when no user of that name exists. */
  adminUser: z.string().optional(),
  adminPassword: z.string().min(12).optional(),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;
export type HubConfigInput = z.input<typeof hubConfigSchema>;

/** Environment variable of each key: `dataDir` → `OA_HUB_DATA_DIR`. */
export function envName(key: string): string {
  return `OA_HUB_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(hubConfigSchema.shape)) {
    const value = env[envName(key)];
    if (value === undefined || value === '') continue;
    result[key] = key === 'trustRoots' || key === 'crls' ? value.split(path.delimiter).filter(Boolean) : value;
  }
  return result;
}

function fromFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new OaError('CONFIG_UNREADABLE', {
      zh: `无法读取配置文件 ${file}（${(error as Error).message}）。`,
      en: `Cannot read the configuration file ${file} (${(error as Error).message}).`,
    });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    // Relative paths in a file are relative to the file.
    const base = path.dirname(path.resolve(file));
    const record = { ...(parsed as Record<string, unknown>) };
    for (const key of ['dataDir', 'tlsCert', 'tlsKey'] as const) {
      if (typeof record[key] === 'string') record[key] = path.resolve(base, record[key]);
    }
    if (Array.isArray(record['trustRoots'])) {
      record['trustRoots'] = record['trustRoots'].map((p: unknown) =>
        typeof p === 'string' ? path.resolve(base, p) : p,
      );
    }
    return record;
  } catch (error) {
    throw new OaError('CONFIG_INVALID', {
      zh: `配置文件 ${file} 不是有效的 JSON 对象（${(error as Error).message}）。`,
      en: `The configuration file ${file} is not a valid JSON object (${(error as Error).message}).`,
    });
  }
}

/** Merges the sources and validates; a bad value is an OaError naming the key and its source. */
export function loadConfig(
  options: { file?: string; flags?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {},
): HubConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env['OA_HUB_CONFIG'];
  const merged = {
    ...(file ? fromFile(file) : {}),
    ...fromEnv(env),
    ...Object.fromEntries(Object.entries(options.flags ?? {}).filter(([, v]) => v !== undefined)),
  };
  const parsed = hubConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new OaError(
      'CONFIG_INVALID',
      { zh: `交换中心配置有误：${issues.join('；')}`, en: `Invalid hub configuration: ${issues.join('; ')}` },
      { issues },
    );
  }
  if ((parsed.data.tlsCert === undefined) !== (parsed.data.tlsKey === undefined)) {
    throw new OaError('CONFIG_INVALID', {
      zh: 'TLS 需要同时配置证书（tlsCert）和私钥（tlsKey）。',
      en: 'TLS needs both a certificate (tlsCert) and a key (tlsKey).',
    });
  }
  return parsed.data;
}

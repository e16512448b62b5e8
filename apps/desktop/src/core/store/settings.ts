import { z } from 'zod';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';

/** The settings a user may read and change through the API, with their schema and default. */
export const settingTable = {
  /** Language of the UI. */
  'ui.locale': { schema: z.enum(['zh-CN', 'en']), default: 'zh-CN' },
  /** The exchange hub's address (null: work offline only). */
  'hub.url': { schema: z.url().nullable(), default: null },
  /** A draft's Yjs updates are merged into one when their number passes this. */
  'draft.compactThreshold': { schema: z.number().int().min(2).max(100_000), default: 200 },
} as const;

export type SettingKey = keyof typeof settingTable;
export type SettingValue<K extends SettingKey> = z.output<(typeof settingTable)[K]['schema']>;

function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(settingTable, key);
}

export function getSetting(context: CoreContext, key: string): unknown {
  if (!isSettingKey(key)) throw desktopError('SETTING_UNKNOWN', { key });
  const row = context.db.prepare('SELECT value FROM settings WHERE key = ?').get(`user.${key}`) as
    { value: string } | undefined;
  return row === undefined ? settingTable[key].default : JSON.parse(row.value);
}

export function typedSetting<K extends SettingKey>(context: CoreContext, key: K): SettingValue<K> {
  return getSetting(context, key) as SettingValue<K>;
}

export function setSetting(context: CoreContext, key: string, value: unknown): unknown {
  if (!isSettingKey(key)) throw desktopError('SETTING_UNKNOWN', { key });
  const parsed = settingTable[key].schema.safeParse(value);
  if (!parsed.success) {
    throw desktopError('SETTING_INVALID', { key, issues: parsed.error.issues.map((i) => i.message).join('; ') });
  }
  writeRow(context, `user.${key}`, parsed.data);
  return parsed.data;
}

/** Internal values (device id, …): not reachable through the API. */
export function readInternal(context: Pick<CoreContext, 'db'>, key: string): unknown {
  const row = context.db.prepare('SELECT value FROM settings WHERE key = ?').get(`internal.${key}`) as
    { value: string } | undefined;
  return row === undefined ? undefined : JSON.parse(row.value);
}

export function writeInternal(context: Pick<CoreContext, 'db'>, key: string, value: unknown): void {
  writeRow(context, `internal.${key}`, value);
}

function writeRow(context: Pick<CoreContext, 'db'>, fullKey: string, value: unknown): void {
  context.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(fullKey, JSON.stringify(value));
}

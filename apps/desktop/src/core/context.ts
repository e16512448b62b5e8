import { randomUUID } from 'node:crypto';
import type { Db } from './db/database';

/** What every core service needs: the database, the data directory, a clock and ids. */
export interface CoreContext {
  db: Db;
  dataDir: string;
  deviceId: string;
  now: () => Date;
  newId: () => string;
}

export const defaultIds = () => randomUUID();

export function isoNow(context: Pick<CoreContext, 'now'>): string {
  return context.now().toISOString();
}

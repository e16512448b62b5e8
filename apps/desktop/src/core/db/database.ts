import Database from 'better-sqlite3';
import { desktopError } from '../errors';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating when missing) the local store: WAL journal, foreign keys enforced, a busy
 * timeout for the second connection, then migrates it to the newest schema. A database
 * written by a newer client is refused with a typed error instead of being touched.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every migration after the database's `user_version`, each in its own transaction. */
export function migrate(db: Db, available: readonly string[] = migrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > available.length) {
    throw desktopError('STORE_NEWER_SCHEMA', { found: current, supported: available.length });
  }
  for (let version = current + 1; version <= available.length; version += 1) {
    const sql = available[version - 1]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return available.length;
}

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
    cacheStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** At most this many prepared statements are kept (the SQL texts are almost all constants). */
const statementCacheSize = 500;

/**
 * Makes `db.prepare` reuse prepared statements by SQL text: preparing costs more than running
 * most of the core's statements (a third of a 10,000-op pull was spent preparing). A reused
 * statement is reset to return plain rows, so a `.pluck()` by one caller never leaks to another.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      if (cache.size >= statementCacheSize) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    } else if (statement.reader) {
      statement.pluck(false).expand(false).raw(false);
    }
    return statement;
  }) as Db['prepare'];
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

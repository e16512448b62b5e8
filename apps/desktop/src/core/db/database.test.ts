import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './database';
import { migrations, schemaVersion } from './migrations';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oa-db-'));
  dirs.push(dir);
  return join(dir, 'oa.sqlite');
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('local store database', () => {
  it('migrates an empty file from zero to the newest schema, in WAL mode with foreign keys', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")
      .all() as {
      name: string;
      sql: string;
    }[];
    const own = tables.filter((t) => !t.name.startsWith('sqlite_') && !t.name.startsWith('documents_fts'));
    expect(own.map((t) => t.name)).toEqual(
      expect.arrayContaining(['documents', 'outbox', 'accounts', 'draft_updates']),
    );
    for (const table of own) expect(table.sql, table.name).toMatch(/\)\s*STRICT$/);
    db.close();
  });

  it('migrates step by step: a database at version 1 gains only the later migrations', () => {
    const file = tempFile();
    const first = new Database(file);
    migrate(first, migrations.slice(0, 1));
    first.prepare("INSERT INTO settings (key, value) VALUES ('internal.kept', '1')").run();
    first.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'internal.kept'").get()).toEqual({ value: '1' });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'draft_updates'").get()).toBeDefined();
    db.close();
  });

  it('rolls a failing migration back completely and keeps the old version', () => {
    const db = new Database(tempFile());
    const broken = [...migrations, 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);'];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer client with a typed error and leaves it untouched', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'STORE_NEWER_SCHEMA' }));
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(schemaVersion + 1);
    again.close();
  });

  it('enforces STRICT column types and foreign keys', () => {
    const db = openDatabase(tempFile());
    expect(() =>
      db.prepare("INSERT INTO blobs (sha256, size, created_at) VALUES (?, 'big', 'x')").run('a'.repeat(64)),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() =>
      db
        .prepare('INSERT INTO draft_updates (document_id, update_data, created_at) VALUES (?, ?, ?)')
        .run('missing', Buffer.from([0]), 'x'),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });
});

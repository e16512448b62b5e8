import { draftAccessMigration } from '../drafts/schema';
import { roomsMigration } from '../rooms/schema';
import { syncMigration } from '../sync/schema';
import type { Dialect, SqlDriver } from './driver';

/**
 * Numbered schema migrations, one list for both engines. `{blob}`, `{bigint}`, `{strict}` and `{autoid}`
 * become each engine's spelling; everything else is SQL both understand. Append new
 * migrations; never edit an applied one.
 */
export const migrations: ReadonlyArray<{
  version: number;
  name: string;
  /** SQL for both engines, or each engine's own (an empty string: nothing to do there). */
  sql: string | Record<Dialect, string>;
}> = [
  {
    version: 1,
    name: 'directory, exchange, audit',
    sql: `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
){strict};

CREATE TABLE agencies (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  parent_code TEXT REFERENCES agencies(code),
  created_at TEXT NOT NULL
){strict};
CREATE INDEX agencies_parent ON agencies(parent_code);

CREATE TABLE seals (
  fingerprint TEXT PRIMARY KEY,
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  certificate {blob} NOT NULL,
  subject TEXT NOT NULL,
  not_after TEXT NOT NULL,
  status TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  revoked_at TEXT
){strict};
CREATE INDEX seals_agency ON seals(agency_code);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  hub_admin INTEGER NOT NULL,
  created_at TEXT NOT NULL
){strict};

CREATE TABLE memberships (
  user_id TEXT NOT NULL REFERENCES users(id),
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, agency_code, role)
){strict};

CREATE TABLE challenges (
  nonce TEXT PRIMARY KEY,
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  expires_at TEXT NOT NULL,
  used INTEGER NOT NULL
){strict};

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size {bigint} NOT NULL,
  data {blob} NOT NULL
){strict};

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  sender_code TEXT NOT NULL REFERENCES agencies(code),
  envelope TEXT NOT NULL,
  envelope_sha256 TEXT NOT NULL,
  envelope_signature {blob} NOT NULL,
  document_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  title TEXT NOT NULL,
  doc_number TEXT NOT NULL,
  kind TEXT NOT NULL,
  classification TEXT,
  urgency TEXT,
  sent_by TEXT NOT NULL,
  sent_at TEXT NOT NULL
){strict};
CREATE INDEX messages_sender ON messages(sender_code, sent_at);

CREATE TABLE attachments (
  message_id TEXT NOT NULL REFERENCES messages(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (message_id, position)
){strict};

CREATE TABLE recipients (
  message_id TEXT NOT NULL REFERENCES messages(id),
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delivered_at TEXT,
  reason TEXT,
  receipt TEXT,
  receipt_signature {blob},
  PRIMARY KEY (message_id, agency_code)
){strict};
CREATE INDEX recipients_inbox ON recipients(agency_code, state);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq {bigint} NOT NULL,
  hash TEXT NOT NULL
){strict};
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
  seq {bigint} PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entry TEXT NOT NULL,
  entry_hash TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
){strict};

CREATE TABLE audit_visibility (
  agency_code TEXT NOT NULL,
  seq {bigint} NOT NULL REFERENCES audit_log(seq),
  PRIMARY KEY (agency_code, seq)
){strict};
`,
  },
  syncMigration,
  roomsMigration,
  {
    version: 4,
    name: 'audit entries waiting for the chain',
    // Where a sequencer appends the chain (PostgreSQL): entries recorded by committed changes,
    // in the order recorded, until the next run chains them (see storage/audit-writer.ts).
    sql: `
CREATE TABLE audit_pending (
  id {autoid},
  entry TEXT NOT NULL
){strict};
`,
  },
  {
    version: 5,
    name: 'documents stored without compression',
    // Sealed PDFs and attachments are compressed already: PostgreSQL's TOAST compression spent
    // CPU on every 100 KB document only to keep it uncompressed. SQLite never compresses.
    sql: { sqlite: '', postgres: 'ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL' },
  },
  draftAccessMigration,
  {
    version: 7,
    name: 'documents kept as files beside a SQLite database',
    // A SQLite hub writes each document to `blobs/` under its hash (storage/blob-files.ts) and
    // keeps only the hash and size in its row; rows stored before keep their bytes. PostgreSQL
    // keeps documents in the database (its hub processes need not share a disk).
    sql: { sqlite: 'ALTER TABLE blobs ADD COLUMN in_file INTEGER NOT NULL DEFAULT 0', postgres: '' },
  },
  {
    version: 8,
    name: "people's names and departments",
    // The name colleagues know a person by (王芳, not the login wangfang) and their department
    // (处室, e.g. 办公室), shown where a step is routed or a draft shared; both may be unknown.
    sql: `
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN department TEXT;
`,
  },
];

const spellings: Record<Dialect, Record<string, string>> = {
  sqlite: {
    '{blob}': 'BLOB',
    '{bigint}': 'INTEGER',
    '{strict}': ' STRICT',
    '{autoid}': 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  postgres: { '{blob}': 'BYTEA', '{bigint}': 'BIGINT', '{strict}': '', '{autoid}': 'BIGSERIAL PRIMARY KEY' },
};

export function migrationSql(sql: string, dialect: Dialect): string[] {
  const text = sql.replace(/\{blob\}|\{bigint\}|\{strict\}|\{autoid\}/g, (token) => spellings[dialect][token]!);
  return text
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Applies the missing migrations (up to version `upTo`: tests of a migration on older data) in one transaction. Hub processes starting together on one
 * PostgreSQL take an advisory lock, so exactly one of them migrates.
 */
export async function migrate(driver: SqlDriver, upTo = Infinity): Promise<number[]> {
  return driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(7740210)');
    await tx.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version) || migration.version > upTo) continue;
      const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[driver.dialect];
      for (const statement of migrationSql(sql, driver.dialect)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [
        migration.version,
        new Date().toISOString(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

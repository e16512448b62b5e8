import type Database from 'better-sqlite3';

/** Numbered migrations; `user_version` records the last one applied. */
const migrations: readonly string[] = [
  `
  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    archival_code TEXT NOT NULL UNIQUE,
    fonds TEXT NOT NULL,
    category TEXT NOT NULL,
    year INTEGER NOT NULL,
    retention TEXT NOT NULL CHECK (retention IN ('Y', 'D30', 'D10')),
    unit TEXT NOT NULL,
    item INTEGER NOT NULL CHECK (item >= 1),
    pages INTEGER NOT NULL CHECK (pages >= 1),
    title TEXT NOT NULL,
    doc_number TEXT,
    responsible TEXT NOT NULL,
    date TEXT NOT NULL,
    classification TEXT NOT NULL,
    kind TEXT NOT NULL,
    metadata_json TEXT NOT NULL,
    archived_at TEXT NOT NULL,
    archived_by TEXT NOT NULL,
    UNIQUE (fonds, category, year, retention, unit, item)
  ) STRICT;
  CREATE INDEX items_by_year ON items (year, retention, unit);
  CREATE TABLE item_files (
    item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('document', 'attachment', 'receipt', 'record')),
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (item_id, name)
  ) STRICT;
  CREATE VIRTUAL TABLE items_fts USING fts5 (title, doc_number, responsible, body, tokenize = 'trigram');
  CREATE TABLE access_log (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('view', 'borrow', 'return', 'export', 'check')),
    purpose TEXT,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX access_log_by_item ON access_log (item_id, at);
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

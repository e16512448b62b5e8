/**
 * The local store's schema, as numbered migrations. Migration N brings a database from
 * `user_version` N-1 to N inside one transaction; released migrations are never edited,
 * only followed by new ones. Every table is STRICT; times are ISO 8601 text in UTC.
 */
export const migrations: readonly string[] = [
  /* 1: settings, device, accounts, documents + FTS, blobs, attachments, outbox, cursors, exchange */ `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL -- JSON
  ) STRICT;

  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]', -- JSON array of workflow roles
    verifier TEXT NOT NULL,           -- scrypt verifier for offline unlock, never the password
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    throttled_until TEXT,
    hub_url TEXT,
    hub_user_id TEXT,
    hub_token_sealed BLOB,            -- sealed with Electron safeStorage; NULL when not kept
    hub_token_expires_at TEXT,
    created_at TEXT NOT NULL,
    last_unlocked_at TEXT
  ) STRICT;

  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body_text TEXT NOT NULL,          -- the body as plain text, for search
    stage TEXT NOT NULL CHECK (stage IN ('draft', 'final')),
    content TEXT NOT NULL,            -- the document JSON
    revision INTEGER NOT NULL CHECK (revision > 0),
    created_by TEXT NOT NULL,         -- person id (local account or a colleague via the hub)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX documents_updated ON documents(updated_at DESC);

  CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, body_text, content='documents', content_rowid='rowid', tokenize='trigram'
  );
  CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, body_text) VALUES (new.rowid, new.title, new.body_text);
  END;
  CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body_text)
      VALUES ('delete', old.rowid, old.title, old.body_text);
  END;
  CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body_text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, body_text)
      VALUES ('delete', old.rowid, old.title, old.body_text);
    INSERT INTO documents_fts(rowid, title, body_text) VALUES (new.rowid, new.title, new.body_text);
  END;

  CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size >= 0),
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    created_by TEXT NOT NULL,         -- person id (local account or a colleague via the hub)
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX attachments_document ON attachments(document_id);

  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    op TEXT NOT NULL,                 -- the SyncOp JSON (packages/shared/src/sync)
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    rejection_code TEXT,
    rejection_reason TEXT,            -- JSON {zh, en}
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sync_cursors (
    stream TEXT PRIMARY KEY,          -- e.g. 'agency', 'exchange'
    cursor TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE exchange_records (
    id TEXT PRIMARY KEY,              -- the hub's envelope id
    direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    document_id TEXT REFERENCES documents(id),
    counterpart_code TEXT NOT NULL,   -- 统一社会信用代码 of the other agency
    counterpart_name TEXT NOT NULL,
    state TEXT NOT NULL,              -- sent / delivered / signed-for / returned / recalled
    envelope_sha256 TEXT REFERENCES blobs(sha256),
    pdf_sha256 TEXT REFERENCES blobs(sha256),
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX exchange_direction_state ON exchange_records(direction, state);
  `,
  /* 2: draft bodies as Yjs updates, and their revision snapshots (修改痕迹) */ `
  CREATE TABLE draft_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    update_data BLOB NOT NULL,
    compacted INTEGER NOT NULL DEFAULT 0 CHECK (compacted IN (0, 1)),
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX draft_updates_document ON draft_updates(document_id, seq);

  CREATE TABLE draft_snapshots (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    step_id TEXT,
    snapshot BLOB NOT NULL,           -- Y.encodeSnapshot
    created_by TEXT NOT NULL,         -- person id (local account or a colleague via the hub)
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX draft_snapshots_document ON draft_snapshots(document_id, created_at);
  `,
  /* 3: workflow instances (state as JSON), their open tasks, the handling record (意见) */ `
  CREATE TABLE workflow_definitions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,         -- validated WorkflowDefinition JSON (agency's own)
    PRIMARY KEY (id, version)
  ) STRICT;

  CREATE TABLE workflow_instances (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    definition_id TEXT NOT NULL,
    definition_version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'returned')),
    current_step_id TEXT,
    state TEXT NOT NULL,              -- WorkflowState JSON (packages/shared/src/workflow)
    version INTEGER NOT NULL,         -- number of commands applied; ops carry it for the hub
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX workflow_instances_document ON workflow_instances(document_id);
  CREATE INDEX workflow_instances_starter ON workflow_instances(started_by, direction);

  -- The open step's pending people, rewritten with every command: the 待办 / 待阅 lists.
  CREATE TABLE workflow_tasks (
    instance_id TEXT NOT NULL REFERENCES workflow_instances(id) ON DELETE CASCADE,
    step_id TEXT NOT NULL,
    step_kind TEXT NOT NULL,
    person_id TEXT,                   -- NULL: anyone holding one of roles
    person_name TEXT,
    roles TEXT NOT NULL,              -- JSON array
    due_at TEXT,                      -- UTC ISO, comparable as text
    opened_at TEXT
  ) STRICT;
  CREATE INDEX workflow_tasks_person ON workflow_tasks(person_id);
  CREATE INDEX workflow_tasks_due ON workflow_tasks(due_at) WHERE due_at IS NOT NULL;

  -- The handling record (流转记录), append-only: the 已办 list and opinions.
  CREATE TABLE workflow_opinions (
    instance_id TEXT NOT NULL REFERENCES workflow_instances(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (instance_id, seq)
  ) STRICT;
  CREATE INDEX workflow_opinions_actor ON workflow_opinions(actor_id, at);
  `,
  /* 4: sync conflicts: ops the hub refused, kept with the user's text until dismissed */ `
  CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY,
    op_id TEXT NOT NULL UNIQUE,
    op_type TEXT NOT NULL,
    document_id TEXT,
    instance_id TEXT,
    actor_id TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,             -- JSON {zh, en}: the hub's reason
    text TEXT NOT NULL,               -- what the user wrote (opinion, or the draft's title and body)
    acted_at TEXT NOT NULL,           -- when the user acted (the op's time)
    detected_at TEXT NOT NULL,
    dismissed_at TEXT
  ) STRICT;
  CREATE INDEX sync_conflicts_open ON sync_conflicts(dismissed_at, detected_at);
  `,
  /* 5: exchange: 发文字号 sequences, sealed documents, messages sent and received with per-agency states */ `
  CREATE TABLE doc_number_sequences (
    prefix TEXT NOT NULL,             -- 机关代字, e.g. 宁政办发
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL CHECK (last_number > 0),
    PRIMARY KEY (prefix, year)
  ) STRICT;

  CREATE TABLE sealed_documents (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    instance_id TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    sealed_by TEXT NOT NULL,
    sealed_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE exchange_messages (
    message_id TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    document_id TEXT REFERENCES documents(id),
    instance_id TEXT,                 -- outgoing: the 发文 flow; incoming: the 收文 flow once started
    sender_code TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    kind TEXT NOT NULL,
    pdf_sha256 TEXT REFERENCES blobs(sha256),
    request TEXT,                     -- outgoing, until the hub accepted it: the signed send request (JSON)
    verification TEXT,                -- incoming: the verification badge (JSON)
    sent_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX exchange_messages_direction ON exchange_messages(direction, updated_at);

  CREATE TABLE exchange_recipients (
    message_id TEXT NOT NULL REFERENCES exchange_messages(message_id),
    agency_code TEXT NOT NULL,
    agency_name TEXT NOT NULL,
    state TEXT NOT NULL,              -- queued (not at the hub yet) or the hub's recipient state
    reason TEXT,
    receipt TEXT,                     -- JSON: the signed 签收回执 and our check of it
    updated_at TEXT NOT NULL,
    PRIMARY KEY (message_id, agency_code)
  ) STRICT;

  CREATE TABLE agency_directory (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT,
    fetched_at TEXT NOT NULL
  ) STRICT;
  `,
  /* 6: the 待办 list orders by recency without reading each instance's state (a covering index) */ `
  CREATE INDEX workflow_instances_recency ON workflow_instances(id, updated_at);
  `,
  /* 7: an instance's tasks are rewritten with every command (and deleted with it): find them by instance */ `
  CREATE INDEX workflow_tasks_instance ON workflow_tasks(instance_id);
  `,
];

export const schemaVersion = migrations.length;

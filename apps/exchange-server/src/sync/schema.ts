/**
 * Storage of intra-agency sync (docs/sync.md): every pushed op once (`sync_ops`, keyed by its
 * client-chosen id), accepted ones numbered per agency (`seq`, the pull order), the head of
 * each agency's sequence (`sync_heads`: its row is the per-agency lock every push takes), and
 * the hub's authoritative copy of each workflow instance and document revision.
 */
export const syncMigration = {
  version: 2,
  name: 'intra-agency sync: ops, heads, workflow instances, document revisions',
  sql: `
CREATE TABLE sync_heads (
  agency_code TEXT PRIMARY KEY REFERENCES agencies(code),
  seq {bigint} NOT NULL
){strict};

CREATE TABLE sync_ops (
  op_id TEXT PRIMARY KEY,
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  seq {bigint},
  type TEXT NOT NULL,
  op TEXT NOT NULL,
  status TEXT NOT NULL,
  reject_code TEXT,
  reject_reason TEXT,
  pushed_by TEXT NOT NULL,
  received_at TEXT NOT NULL
){strict};
CREATE UNIQUE INDEX sync_ops_order ON sync_ops(agency_code, seq);

CREATE TABLE sync_instances (
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  instance_id TEXT NOT NULL,
  document_id TEXT NOT NULL,
  definition_id TEXT NOT NULL,
  definition_version INTEGER NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (agency_code, instance_id)
){strict};

CREATE TABLE sync_documents (
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  document_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  PRIMARY KEY (agency_code, document_id)
){strict};
`,
};

/**
 * Storage of the drafts' Yjs rooms (docs/sync.md "Yjs rooms"): every update a room received,
 * in arrival order (`id`), until compaction merges a room's rows into one. The index on
 * `sync_documents(document_id)` answers "which agency drafts this document" for authorisation.
 */
export const roomsMigration = {
  version: 3,
  name: 'Yjs rooms of draft bodies',
  sql: `
CREATE TABLE draft_room_updates (
  id {autoid},
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  document_id TEXT NOT NULL,
  update_data {blob} NOT NULL,
  compacted INTEGER NOT NULL,
  created_at TEXT NOT NULL
){strict};
CREATE INDEX draft_room_updates_room ON draft_room_updates(agency_code, document_id, id);

CREATE INDEX sync_documents_by_id ON sync_documents(document_id);
`,
};

/**
 * Storage of who may open a draft (docs/sync.md "Who may open a draft"), migration 6:
 * - `draft_people`: the drafter (拟稿人, the user whose push first named the document) and the
 *   co-drafters (协同拟稿人) the drafter invited;
 * - `draft_grants`: when someone was given access later (an invitation, a workflow step naming
 *   them, a step given to a role: `*`), at a place in the agency's sync order, so their next pull
 *   also carries the draft's earlier operations they were not sent;
 * - `sync_ops.document_id`: the document of each op, to read one draft's operations in order.
 * Existing drafts get their drafter from the first accepted op on them.
 */
const common = {
  before: `
ALTER TABLE sync_ops ADD COLUMN document_id TEXT`,
  after: `
CREATE INDEX sync_ops_by_document ON sync_ops(agency_code, document_id, seq);
CREATE INDEX sync_instances_by_document ON sync_instances(agency_code, document_id);
CREATE TABLE draft_people (
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  document_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (agency_code, document_id, user_id)
){strict};
CREATE INDEX draft_people_by_document ON draft_people(document_id);
CREATE TABLE draft_grants (
  agency_code TEXT NOT NULL REFERENCES agencies(code),
  seq {bigint} NOT NULL,
  document_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (agency_code, seq, document_id, user_id)
){strict};
INSERT INTO draft_people (agency_code, document_id, user_id, relation, granted_by, granted_at)
SELECT agency_code, document_id, pushed_by, 'drafter', pushed_by, received_at FROM (
  SELECT agency_code, document_id, pushed_by, received_at,
         ROW_NUMBER() OVER (PARTITION BY agency_code, document_id ORDER BY seq) AS n
  FROM sync_ops WHERE status = 'accepted' AND document_id IS NOT NULL
) AS first_ops WHERE n = 1`,
};

export const draftAccessMigration = {
  version: 6,
  name: 'drafts opened per person: drafters, co-drafters, grants',
  sql: {
    sqlite: `${common.before};
UPDATE sync_ops SET document_id = json_extract(op, '$.documentId');
${common.after}`,
    postgres: `${common.before};
UPDATE sync_ops SET document_id = (op::json ->> 'documentId');
${common.after}`,
  },
};

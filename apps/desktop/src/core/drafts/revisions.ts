import * as Y from 'yjs';
import type { AuthorView, RevisionChange, SnapshotView } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import { AuthorIndex, type Person } from './attribution';
import { bodyTextName } from './body-text';
import type { DraftBodies } from './draft-bodies';

/**
 * Revision marks (修改痕迹): a Yjs snapshot of the body at each workflow step, and the diff
 * between any two snapshots as insertions and deletions with their authors. Snapshots are
 * small (a state vector and a delete set); the text they show stays in the Y.Doc because
 * draft bodies never garbage-collect deleted items.
 */
interface SnapshotRow {
  id: string;
  document_id: string;
  label: string;
  step_id: string | null;
  snapshot: Buffer;
  created_by: string;
  created_at: string;
}

function toView(row: SnapshotRow): SnapshotView {
  return {
    id: row.id,
    documentId: row.document_id,
    label: row.label,
    stepId: row.step_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export function takeSnapshot(
  context: CoreContext,
  bodies: DraftBodies,
  input: { documentId: string; label: string; stepId?: string | undefined; person: Person },
): SnapshotView {
  const doc = bodies.doc(input.documentId);
  const row: SnapshotRow = {
    id: context.newId(),
    document_id: input.documentId,
    label: input.label,
    step_id: input.stepId ?? null,
    snapshot: Buffer.from(Y.encodeSnapshot(Y.snapshot(doc))),
    created_by: input.person.id,
    created_at: isoNow(context),
  };
  context.db
    .prepare(
      `INSERT INTO draft_snapshots (id, document_id, label, step_id, snapshot, created_by, created_at)
       VALUES (@id, @document_id, @label, @step_id, @snapshot, @created_by, @created_at)`,
    )
    .run(row);
  return toView(row);
}

export function listSnapshots(context: CoreContext, documentId: string): SnapshotView[] {
  const rows = context.db
    .prepare('SELECT * FROM draft_snapshots WHERE document_id = ? ORDER BY created_at, rowid')
    .all(documentId) as SnapshotRow[];
  return rows.map(toView);
}

function loadSnapshot(context: CoreContext, documentId: string, id: string): Y.Snapshot {
  const row = context.db
    .prepare('SELECT snapshot FROM draft_snapshots WHERE id = ? AND document_id = ?')
    .get(id, documentId) as { snapshot: Buffer } | undefined;
  if (row === undefined) throw desktopError('SNAPSHOT_NOT_FOUND', { id });
  return Y.decodeSnapshot(new Uint8Array(row.snapshot));
}

interface DeltaOp {
  insert?: unknown;
  attributes?: { ychange?: { type: 'added' | 'removed'; author: AuthorView | null } };
}

/** The changes from snapshot `from` to snapshot `to`, in body order, adjacent runs merged. */
export function diffSnapshots(
  context: CoreContext,
  bodies: DraftBodies,
  input: { documentId: string; from: string; to: string },
): RevisionChange[] {
  const from = loadSnapshot(context, input.documentId, input.from);
  const to = loadSnapshot(context, input.documentId, input.to);
  const doc = bodies.doc(input.documentId);
  const authors = new AuthorIndex(doc);
  const delta = doc.getText(bodyTextName).toDelta(to, from, (type: 'added' | 'removed', id: Y.ID) => ({
    type,
    author: type === 'added' ? authors.inserted(id) : authors.deleted(id),
  })) as DeltaOp[];

  const changes: RevisionChange[] = [];
  let offset = 0;
  for (const op of delta) {
    if (typeof op.insert !== 'string') continue;
    const change = op.attributes?.ychange;
    if (change === undefined) {
      offset += op.insert.length;
      continue;
    }
    const type = change.type === 'added' ? 'insert' : 'delete';
    const last = changes.at(-1);
    const lastEnd = last === undefined ? -1 : last.offset + (last.type === 'insert' ? last.text.length : 0);
    if (last !== undefined && last.type === type && last.author?.id === change.author?.id && lastEnd === offset) {
      last.text += op.insert;
    } else {
      changes.push({ type, text: op.insert, author: change.author, offset });
    }
    if (type === 'insert') offset += op.insert.length;
  }
  return changes;
}

import * as Y from 'yjs';
import type { CoreContext } from '../context';
import { isoNow } from '../context';

/**
 * A draft body's persistence: its Yjs updates as rows, in order. Loading applies them all;
 * once their number passes the threshold they are merged into one row (compaction), in one
 * transaction, so a crash leaves either the old rows or the merged one.
 */
export function appendUpdate(context: CoreContext, documentId: string, update: Uint8Array): void {
  context.db
    .prepare('INSERT INTO draft_updates (document_id, update_data, created_at) VALUES (?, ?, ?)')
    .run(documentId, Buffer.from(update), isoNow(context));
}

export function loadUpdates(context: CoreContext, documentId: string): Uint8Array[] {
  const rows = context.db
    .prepare('SELECT update_data FROM draft_updates WHERE document_id = ? ORDER BY seq')
    .all(documentId) as { update_data: Buffer }[];
  return rows.map((row) => new Uint8Array(row.update_data));
}

export function updateCount(context: CoreContext, documentId: string): number {
  return (
    context.db.prepare('SELECT count(*) AS n FROM draft_updates WHERE document_id = ?').get(documentId) as { n: number }
  ).n;
}

/** Merges all of a draft's updates into one row when there are more than `threshold`. */
export function compactIfNeeded(context: CoreContext, documentId: string, threshold: number): boolean {
  if (updateCount(context, documentId) <= threshold) return false;
  context.db.transaction(() => {
    const merged = Y.mergeUpdates(loadUpdates(context, documentId));
    context.db.prepare('DELETE FROM draft_updates WHERE document_id = ?').run(documentId);
    context.db
      .prepare('INSERT INTO draft_updates (document_id, update_data, compacted, created_at) VALUES (?, ?, 1, ?)')
      .run(documentId, Buffer.from(merged), isoNow(context));
  })();
  return true;
}

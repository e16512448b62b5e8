import type { SyncOp } from '@oa/shared';
import type { ConflictView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';
import { desktopError } from '../errors';

/**
 * Conflict items (冲突): an op the hub refused, kept with the user's own text (the opinion
 * they wrote, or the draft they saved) and the hub's reason, until the user dismisses it.
 * Nothing the user wrote is dropped silently.
 */
export function userText(op: SyncOp): string {
  if (op.type === 'workflow.command') {
    const holder = op.command['kind'] === 'start' ? op.command['input'] : op.command['action'];
    const opinion = (holder as { opinion?: unknown } | undefined)?.opinion;
    return typeof opinion === 'string' ? opinion : '';
  }
  if (op.type === 'document.save') {
    const document = op.document as { title?: unknown; body?: { text?: unknown }[] } | null;
    const title = typeof document?.title === 'string' ? document.title : '';
    const body = Array.isArray(document?.body)
      ? document.body.map((block) => (typeof block.text === 'string' ? block.text : '')).join('\n')
      : '';
    return [title, body].filter((part) => part.length > 0).join('\n\n');
  }
  if (op.type === 'attachment.add') return op.name;
  return '';
}

export function recordConflict(
  context: CoreContext,
  op: SyncOp,
  rejection: { code: string; reason: { zh: string; en: string } },
): void {
  context.db
    .prepare(
      `INSERT INTO sync_conflicts (id, op_id, op_type, document_id, instance_id, actor_id, code, reason, text,
         acted_at, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (op_id) DO NOTHING`,
    )
    .run(
      context.newId(),
      op.opId,
      op.type,
      'documentId' in op ? op.documentId : null,
      op.type === 'workflow.command' ? op.instanceId : null,
      op.actorId,
      rejection.code,
      JSON.stringify(rejection.reason),
      userText(op),
      op.createdAt,
      isoNow(context),
    );
}

interface ConflictRow {
  id: string;
  op_id: string;
  op_type: string;
  document_id: string | null;
  instance_id: string | null;
  actor_id: string;
  code: string;
  reason: string;
  text: string;
  acted_at: string;
  detected_at: string;
  dismissed_at: string | null;
}

export function listConflicts(context: CoreContext, includeDismissed: boolean): ConflictView[] {
  const rows = context.db
    .prepare(
      `SELECT * FROM sync_conflicts ${includeDismissed ? '' : 'WHERE dismissed_at IS NULL'} ORDER BY detected_at, rowid`,
    )
    .all() as ConflictRow[];
  return rows.map((row) => ({
    id: row.id,
    opId: row.op_id,
    opType: row.op_type,
    documentId: row.document_id,
    instanceId: row.instance_id,
    actorId: row.actor_id,
    code: row.code,
    reason: JSON.parse(row.reason) as { zh: string; en: string },
    text: row.text,
    actedAt: row.acted_at,
    detectedAt: row.detected_at,
    dismissedAt: row.dismissed_at,
  }));
}

export function openConflictCount(context: CoreContext): number {
  return (
    context.db.prepare('SELECT count(*) AS n FROM sync_conflicts WHERE dismissed_at IS NULL').get() as { n: number }
  ).n;
}

/** The user has read the conflict (and copied their text where they need it). */
export function dismissConflict(context: CoreContext, id: string): void {
  const changed = context.db
    .prepare('UPDATE sync_conflicts SET dismissed_at = ? WHERE id = ? AND dismissed_at IS NULL')
    .run(isoNow(context), id).changes;
  if (changed === 0) throw desktopError('SYNC_CONFLICT_UNKNOWN', { id });
}

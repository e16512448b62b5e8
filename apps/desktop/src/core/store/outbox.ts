import { syncOpSchema, type SyncOp } from '@oa/shared';
import type { OutboxEntryView } from '../../api-contract';
import { isoNow, type CoreContext } from '../context';

/** An op before the outbox stamps it with its id, device and time. */
export type NewOp = SyncOp extends infer T
  ? T extends SyncOp
    ? Omit<T, 'opId' | 'deviceId' | 'createdAt'>
    : never
  : never;

/**
 * The outbox of pending operations (sync protocol in @oa/shared). Callers append inside the
 * same transaction as the change the op describes, so a change and its op exist together
 * or not at all. The hub-facing push comes with the sync client.
 */
export function appendOp(context: CoreContext, op: NewOp): SyncOp {
  const full = syncOpSchema.parse({
    ...op,
    opId: context.newId(),
    deviceId: context.deviceId,
    createdAt: isoNow(context),
  });
  context.db
    .prepare('INSERT INTO outbox (op_id, type, op, created_at) VALUES (?, ?, ?, ?)')
    .run(full.opId, full.type, JSON.stringify(full), full.createdAt);
  return full;
}

interface OutboxRow {
  op_id: string;
  type: string;
  op: string;
  status: 'pending' | 'rejected';
  rejection_code: string | null;
  rejection_reason: string | null;
  created_at: string;
}

/** Ops still to push, oldest first (the order the hub must apply them in). */
export function pendingOps(context: CoreContext, limit: number): SyncOp[] {
  const rows = context.db.prepare("SELECT op FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?").all(limit) as {
    op: string;
  }[];
  // Each op was parsed by syncOpSchema when it was appended (and the hub parses what it is sent).
  return rows.map((row) => JSON.parse(row.op) as SyncOp);
}

export function listOutbox(context: CoreContext, limit: number): OutboxEntryView[] {
  const rows = context.db
    .prepare(
      'SELECT op_id, type, op, status, rejection_code, rejection_reason, created_at FROM outbox ORDER BY seq LIMIT ?',
    )
    .all(limit) as OutboxRow[];
  return rows.map((row) => ({
    opId: row.op_id,
    type: row.type,
    status: row.status,
    createdAt: row.created_at,
    rejection:
      row.rejection_code === null
        ? null
        : { code: row.rejection_code, reason: JSON.parse(row.rejection_reason ?? '{}') as { zh: string; en: string } },
  }));
}

/** How many ops wait for the hub. */
export function pendingCount(context: CoreContext): number {
  const row = context.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number };
  return row.n;
}

/** The hub took these ops (accepted now or before): they leave the outbox. */
export function removeAccepted(context: CoreContext, opIds: readonly string[]): void {
  if (opIds.length === 0) return;
  context.db.prepare('DELETE FROM outbox WHERE op_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(opIds));
}

/** The hub refused the op: it stays in the outbox, marked, with the hub's reason. */
export function markRejected(context: CoreContext, opId: string, code: string, reason: { zh: string; en: string }) {
  context.db
    .prepare(
      "UPDATE outbox SET status = 'rejected', rejection_code = ?, rejection_reason = ?, attempts = attempts + 1 WHERE op_id = ?",
    )
    .run(code, JSON.stringify(reason), opId);
}

/** Whether a workflow instance still has ops waiting for the hub (its local state is ahead). */
export function hasPendingFor(context: CoreContext, instanceId: string): boolean {
  const row = context.db
    .prepare(
      "SELECT 1 FROM outbox WHERE status = 'pending' AND type = 'workflow.command' AND json_extract(op, '$.instanceId') = ? LIMIT 1",
    )
    .get(instanceId);
  return row !== undefined;
}

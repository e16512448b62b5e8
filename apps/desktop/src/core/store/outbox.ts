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
  return rows.map((row) => syncOpSchema.parse(JSON.parse(row.op)));
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

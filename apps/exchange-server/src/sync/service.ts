import {
  OaError,
  type SyncInstanceSnapshot,
  type SyncOp,
  type SyncOpResult,
  type SyncPulledOp,
  type SyncPullResponse,
  type SyncPushRequest,
  type SyncPushResponse,
} from '@oa/shared';
import { num, type SqlDriver, type SqlExecutor } from '../storage/driver';
import { judgeDocumentSave, judgeWorkflowCommand, type Judgement } from './judge';
import { PushBatch, snapshotOf, type InstanceRow } from './push-batch';

/** An op on a document another agency drafts (its id is taken; nothing about it is revealed). */
const foreignDocument: Judgement = {
  ok: false,
  code: 'SYNC_DOCUMENT_FOREIGN',
  reason: {
    zh: '该文稿不属于本单位，不能对其操作。',
    en: 'This document does not belong to your agency; you cannot act on it.',
  },
};

/** The largest pull page. */
export const syncPullLimit = 1000;

/**
 * Intra-agency sync on the hub (docs/sync.md). A push takes the agency's head row as a lock
 * (UPDATE … RETURNING: a row lock on PostgreSQL, the single writer on SQLite), so the ops of one
 * agency are judged and numbered one push at a time even across hub processes, and each is
 * stored once under its op id whatever happens to the connection.
 */
export class SyncService {
  constructor(private readonly driver: SqlDriver) {}

  async push(agency: string, pushedBy: string, request: SyncPushRequest, at: string): Promise<SyncPushResponse> {
    return this.driver.transaction(async (tx) => {
      await tx.run('INSERT INTO sync_heads (agency_code, seq) VALUES (?, 0) ON CONFLICT (agency_code) DO NOTHING', [
        agency,
      ]);
      const head = await tx.get<{ seq: number }>(
        'UPDATE sync_heads SET seq = seq WHERE agency_code = ? RETURNING seq',
        [agency],
      );
      let seq = num(head?.seq ?? 0);
      const batch = await PushBatch.load(tx, agency, request.ops);
      const results: SyncOpResult[] = [];
      const rejectedInstances = new Set<string>();
      for (const op of request.ops) {
        const result = await this.pushOne(tx, batch, agency, pushedBy, op, at, seq + 1);
        if (result.status === 'accepted') seq = result.serverSeq;
        if (result.status === 'rejected' && op.type === 'workflow.command') rejectedInstances.add(op.instanceId);
        results.push(result);
      }
      await batch.flush(tx, agency, at);
      await tx.run('UPDATE sync_heads SET seq = ? WHERE agency_code = ?', [seq, agency]);
      const instances: SyncInstanceSnapshot[] = [];
      const missingInstances: string[] = [];
      for (const id of rejectedInstances) {
        const held = batch.instance(id);
        if (held === undefined) missingInstances.push(id);
        else instances.push(held.snapshot);
      }
      return { results, instances, missingInstances };
    });
  }

  private async pushOne(
    tx: SqlExecutor,
    batch: PushBatch,
    agency: string,
    pushedBy: string,
    op: SyncOp,
    at: string,
    nextSeq: number,
  ): Promise<SyncOpResult> {
    const seen = batch.seen(op.opId);
    if (seen !== undefined && seen.agency_code === agency) {
      return seen.status === 'accepted'
        ? { opId: op.opId, status: 'duplicate' }
        : {
            opId: op.opId,
            status: 'rejected',
            code: seen.reject_code ?? '',
            reason: JSON.parse(seen.reject_reason ?? '{}') as { zh: string; en: string },
          };
    }
    if (seen !== undefined) {
      // Another agency used this id: answer without revealing anything about that op.
      return {
        opId: op.opId,
        status: 'rejected',
        code: 'SYNC_OP_ID_TAKEN',
        reason: { zh: '操作编号已被占用，请重新生成。', en: 'The operation id is already taken; make a new one.' },
      };
    }
    const judgement = this.judge(batch, op);
    const stored = {
      agency_code: agency,
      status: judgement.ok ? 'accepted' : 'rejected',
      reject_code: judgement.ok ? null : judgement.code,
      reject_reason: judgement.ok ? null : JSON.stringify(judgement.reason),
    };
    await tx.run(
      `INSERT INTO sync_ops (op_id, agency_code, seq, type, op, status, reject_code, reject_reason, pushed_by, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        op.opId,
        agency,
        judgement.ok ? nextSeq : null,
        op.type,
        JSON.stringify(op),
        stored.status,
        stored.reject_code,
        stored.reject_reason,
        pushedBy,
        at,
      ],
    );
    batch.stored(op.opId, stored);
    return judgement.ok
      ? { opId: op.opId, status: 'accepted', serverSeq: nextSeq }
      : { opId: op.opId, status: 'rejected', code: judgement.code, reason: judgement.reason };
  }

  /** Judges one op against the hub's state as the batch holds it, and records its effect there when accepted. */
  private judge(batch: PushBatch, op: SyncOp): Judgement {
    if (batch.isForeign(op.documentId)) return foreignDocument;
    if (op.type === 'workflow.command') {
      const judgement = judgeWorkflowCommand(op, batch.instance(op.instanceId));
      if (judgement.ok && judgement.instance !== undefined) batch.setInstance(judgement.instance);
      return judgement;
    }
    if (op.type === 'document.save') {
      const judgement = judgeDocumentSave(op.revision, batch.revision(op.documentId));
      if (judgement.ok) batch.setRevision(op.documentId, op.revision);
      return judgement;
    }
    // Draft updates merge as CRDT updates; attachments are additions: neither can conflict.
    return { ok: true };
  }

  /**
   * The agency's accepted ops after `after` (a cursor from an earlier pull; '' or '0' from the
   * start): a page of at most `limit` of them, less those `exceptDevice` made (the pulling
   * laptop has its own ops already; the cursor still moves past them).
   */
  async pull(agency: string, after: string, limit: number, exceptDevice?: string): Promise<SyncPullResponse> {
    if (!/^\d{0,18}$/.test(after)) {
      throw new OaError('SYNC_CURSOR_INVALID', {
        zh: '同步游标无效，请从头同步。',
        en: 'The sync cursor is not valid; sync from the start.',
      });
    }
    const from = after === '' ? 0 : Number(after);
    const rows = await this.driver.all<{ seq: number; op: string }>(
      'SELECT seq, op FROM sync_ops WHERE agency_code = ? AND seq > ? ORDER BY seq LIMIT ?',
      [agency, from, limit + 1],
    );
    const page = rows.slice(0, limit);
    // Each op was parsed by the push request's schema before it was stored as JSON.
    const ops = page.flatMap((row): SyncPulledOp[] => {
      const op = JSON.parse(row.op) as SyncOp;
      return op.deviceId === exceptDevice ? [] : [{ ...op, serverSeq: num(row.seq) }];
    });
    const touched = [...new Set(ops.flatMap((op) => (op.type === 'workflow.command' ? [op.instanceId] : [])))];
    const instances: SyncInstanceSnapshot[] = [];
    // One query per 200 instances rather than one per instance.
    for (let i = 0; i < touched.length; i += 200) {
      const ids = touched.slice(i, i + 200);
      const rows = await this.driver.all<InstanceRow>(
        `SELECT * FROM sync_instances WHERE agency_code = ? AND instance_id IN (${ids.map(() => '?').join(', ')})`,
        [agency, ...ids],
      );
      instances.push(...rows.map(snapshotOf));
    }
    const last = page.at(-1);
    return {
      ops,
      cursor: String(last === undefined ? from : num(last.seq)),
      more: rows.length > limit,
      instances,
    };
  }
}

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
import { everyone } from '../drafts/access-rule';
import { accessibleDrafts } from '../drafts/access-store';
import { draftNoAccess } from '../drafts/errors';
import { rowsIn } from '../storage/rows-in';
import { num, type SqlDriver, type SqlExecutor } from '../storage/driver';
import { judgeDocumentSave, judgeWorkflowCommand, type Judgement } from './judge';
import { PushBatch, snapshotOf, type InstanceRow } from './push-batch';

/**
 * An op on a document the pusher may not open: another agency's, or a colleague's draft they are
 * not on (docs/sync.md "Who may open a draft"). One answer for both, which tells nothing more.
 */
const noAccess: Judgement = { ok: false, code: draftNoAccess.code, reason: draftNoAccess.text };

interface OpRow {
  seq: number;
  op: string;
  document_id: string;
}

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
      const batch = await PushBatch.load(tx, agency, pushedBy, request.ops);
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
    const before = op.type === 'workflow.command' ? batch.instance(op.instanceId)?.snapshot : undefined;
    const judgement = this.judge(batch, op);
    if (judgement.ok) {
      batch.accepted(op.documentId);
      if (judgement.instance !== undefined) batch.granted(before, judgement.instance, nextSeq);
    }
    const stored = {
      agency_code: agency,
      status: judgement.ok ? 'accepted' : 'rejected',
      reject_code: judgement.ok ? null : judgement.code,
      reject_reason: judgement.ok ? null : JSON.stringify(judgement.reason),
    };
    await tx.run(
      `INSERT INTO sync_ops (op_id, agency_code, document_id, seq, type, op, status, reject_code, reject_reason, pushed_by, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        op.opId,
        agency,
        op.documentId,
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
    if (!batch.mayAct(op.documentId)) return noAccess;
    if (op.type === 'workflow.command') {
      const held = batch.instance(op.instanceId);
      // The flow of another draft, named with a document the pusher may open: the same answer.
      if (held !== undefined && held.snapshot.documentId !== op.documentId) return noAccess;
      const judgement = judgeWorkflowCommand(op, held);
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
   * The accepted ops after `after` (a cursor from an earlier pull; '' or '0' from the start) of
   * the agency's drafts `user` may open (docs/sync.md "Who may open a draft"): a page of at most
   * `limit` ops of the agency's order, less the ops on drafts the user may not open and those
   * `exceptDevice` made (the pulling laptop has its own ops already; the cursor still moves past
   * them). When the user was given access to a draft within the page (invited, named by its
   * flow), the draft's earlier ops they were not sent come first.
   */
  async pull(
    agency: string,
    user: string,
    after: string,
    limit: number,
    exceptDevice?: string,
  ): Promise<SyncPullResponse> {
    if (!/^\d{0,18}$/.test(after)) {
      throw new OaError('SYNC_CURSOR_INVALID', {
        zh: '同步游标无效，请从头同步。',
        en: 'The sync cursor is not valid; sync from the start.',
      });
    }
    const from = after === '' ? 0 : Number(after);
    // The head first: the rows up to it are committed, so a page that is not full ends there.
    const head = num(
      (await this.driver.get<{ seq: number }>('SELECT seq FROM sync_heads WHERE agency_code = ?', [agency]))?.seq ?? 0,
    );
    const rows = await this.driver.all<OpRow>(
      'SELECT seq, op, document_id FROM sync_ops WHERE agency_code = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      [agency, from, head, limit + 1],
    );
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    const to = more ? num(page.at(-1)!.seq) : Math.max(from, head);
    const granted = (
      await this.driver.all<{ document_id: string }>(
        'SELECT DISTINCT document_id FROM draft_grants WHERE agency_code = ? AND seq > ? AND seq <= ? AND user_id IN (?, ?)',
        [agency, from, to, user, everyone],
      )
    ).map((row) => row.document_id);
    const open = await accessibleDrafts(this.driver, agency, user, [...page.map((row) => row.document_id), ...granted]);
    const caughtUp = granted.filter((id) => open.has(id));
    const earlier =
      from === 0 || caughtUp.length === 0
        ? []
        : await rowsIn<OpRow>(
            this.driver,
            (list) =>
              `SELECT seq, op, document_id FROM sync_ops WHERE agency_code = ? AND seq > 0 AND seq <= ? AND document_id IN (${list}) ORDER BY seq`,
            [agency, from],
            caughtUp,
          );
    // Each op was parsed by the push request's schema before it was stored as JSON.
    const ops = [...earlier.sort((a, b) => num(a.seq) - num(b.seq)), ...page].flatMap((row): SyncPulledOp[] => {
      if (!open.has(row.document_id)) return [];
      const op = JSON.parse(row.op) as SyncOp;
      return op.deviceId === exceptDevice ? [] : [{ ...op, serverSeq: num(row.seq) }];
    });
    const touched = [...new Set(ops.flatMap((op) => (op.type === 'workflow.command' ? [op.instanceId] : [])))];
    const instances = (
      await rowsIn<InstanceRow>(
        this.driver,
        (list) => `SELECT * FROM sync_instances WHERE agency_code = ? AND instance_id IN (${list})`,
        [agency],
        touched,
      )
    ).map(snapshotOf);
    return { ops, cursor: String(to), more, instances };
  }
}

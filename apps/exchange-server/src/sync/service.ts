import {
  OaError,
  syncPulledOpSchema,
  type SyncInstanceSnapshot,
  type SyncOp,
  type SyncOpResult,
  type SyncPullResponse,
  type SyncPushRequest,
  type SyncPushResponse,
} from '@oa/shared';
import { num, type SqlDriver, type SqlExecutor } from '../storage/driver';
import { judgeDocumentSave, judgeWorkflowCommand, type Judgement } from './judge';

interface InstanceRow {
  instance_id: string;
  document_id: string;
  definition_id: string;
  definition_version: number;
  version: number;
  state: string;
}

function snapshotOf(row: InstanceRow): SyncInstanceSnapshot {
  return {
    instanceId: row.instance_id,
    documentId: row.document_id,
    definitionId: row.definition_id,
    definitionVersion: num(row.definition_version),
    version: num(row.version),
    state: JSON.parse(row.state) as Record<string, unknown>,
  };
}

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
      const results: SyncOpResult[] = [];
      const rejectedInstances = new Set<string>();
      for (const op of request.ops) {
        const result = await this.pushOne(tx, agency, pushedBy, op, at, seq + 1);
        if (result.status === 'accepted') seq = result.serverSeq;
        if (result.status === 'rejected' && op.type === 'workflow.command') rejectedInstances.add(op.instanceId);
        results.push(result);
      }
      await tx.run('UPDATE sync_heads SET seq = ? WHERE agency_code = ?', [seq, agency]);
      const instances: SyncInstanceSnapshot[] = [];
      const missingInstances: string[] = [];
      for (const id of rejectedInstances) {
        const row = await this.instance(tx, agency, id);
        if (row === undefined) missingInstances.push(id);
        else instances.push(snapshotOf(row));
      }
      return { results, instances, missingInstances };
    });
  }

  private async pushOne(
    tx: SqlExecutor,
    agency: string,
    pushedBy: string,
    op: SyncOp,
    at: string,
    nextSeq: number,
  ): Promise<SyncOpResult> {
    const seen = await tx.get<{ agency_code: string; status: string; reject_code: string; reject_reason: string }>(
      'SELECT agency_code, status, reject_code, reject_reason FROM sync_ops WHERE op_id = ?',
      [op.opId],
    );
    if (seen !== undefined && seen.agency_code === agency) {
      return seen.status === 'accepted'
        ? { opId: op.opId, status: 'duplicate' }
        : {
            opId: op.opId,
            status: 'rejected',
            code: seen.reject_code,
            reason: JSON.parse(seen.reject_reason) as { zh: string; en: string },
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
    const judgement = await this.judge(tx, agency, op, at);
    const accepted = judgement.ok;
    await tx.run(
      `INSERT INTO sync_ops (op_id, agency_code, seq, type, op, status, reject_code, reject_reason, pushed_by, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        op.opId,
        agency,
        accepted ? nextSeq : null,
        op.type,
        JSON.stringify(op),
        accepted ? 'accepted' : 'rejected',
        judgement.ok ? null : judgement.code,
        judgement.ok ? null : JSON.stringify(judgement.reason),
        pushedBy,
        at,
      ],
    );
    return judgement.ok
      ? { opId: op.opId, status: 'accepted', serverSeq: nextSeq }
      : { opId: op.opId, status: 'rejected', code: judgement.code, reason: judgement.reason };
  }

  /** Judges one op against the hub's state and, when accepted, records its effect. */
  private async judge(tx: SqlExecutor, agency: string, op: SyncOp, at: string): Promise<Judgement> {
    const owner = await tx.get<{ agency_code: string }>(
      'SELECT agency_code FROM sync_documents WHERE document_id = ? AND agency_code <> ? LIMIT 1',
      [op.documentId, agency],
    );
    if (owner !== undefined) return foreignDocument;
    if (op.type === 'workflow.command') {
      const row = await this.instance(tx, agency, op.instanceId);
      const judgement = judgeWorkflowCommand(op, row === undefined ? undefined : snapshotOf(row));
      if (judgement.ok && judgement.instance !== undefined) {
        const next = judgement.instance;
        await tx.run(
          `INSERT INTO sync_instances (agency_code, instance_id, document_id, definition_id, definition_version, version, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (agency_code, instance_id) DO UPDATE SET version = excluded.version, state = excluded.state,
             updated_at = excluded.updated_at`,
          [
            agency,
            next.instanceId,
            next.documentId,
            next.definitionId,
            next.definitionVersion,
            next.version,
            JSON.stringify(next.state),
            at,
          ],
        );
      }
      return judgement;
    }
    if (op.type === 'document.save') {
      const known = await tx.get<{ revision: number }>(
        'SELECT revision FROM sync_documents WHERE agency_code = ? AND document_id = ?',
        [agency, op.documentId],
      );
      const judgement = judgeDocumentSave(op.revision, known === undefined ? undefined : num(known.revision));
      if (judgement.ok) {
        await tx.run(
          `INSERT INTO sync_documents (agency_code, document_id, revision) VALUES (?, ?, ?)
           ON CONFLICT (agency_code, document_id) DO UPDATE SET revision = excluded.revision`,
          [agency, op.documentId, op.revision],
        );
      }
      return judgement;
    }
    // Draft updates merge as CRDT updates; attachments are additions: neither can conflict.
    return { ok: true };
  }

  private instance(tx: SqlExecutor, agency: string, id: string): Promise<InstanceRow | undefined> {
    return tx.get<InstanceRow>('SELECT * FROM sync_instances WHERE agency_code = ? AND instance_id = ?', [agency, id]);
  }

  /** The agency's accepted ops after `after` (a cursor from an earlier pull; '' or '0' from the start). */
  async pull(agency: string, after: string, limit: number): Promise<SyncPullResponse> {
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
    const ops = page.map((row) => syncPulledOpSchema.parse({ ...JSON.parse(row.op), serverSeq: num(row.seq) }));
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

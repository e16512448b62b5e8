import type { SyncInstanceSnapshot, SyncOp } from '@oa/shared';
import { num, type SqlExecutor } from '../storage/driver';
import { rowsIn } from '../storage/rows-in';
import {
  draftAccessOf,
  flowFacts,
  flowFactsOf,
  newlyGranted,
  type DraftFacts,
  type FlowFacts,
  type FlowState,
} from '../drafts/access-rule';
import { draftFacts, isKnown } from '../drafts/access-store';

export interface InstanceRow {
  instance_id: string;
  document_id: string;
  definition_id: string;
  definition_version: number;
  version: number;
  state: string;
}

export function snapshotOf(row: InstanceRow): SyncInstanceSnapshot {
  return {
    instanceId: row.instance_id,
    documentId: row.document_id,
    definitionId: row.definition_id,
    definitionVersion: num(row.definition_version),
    version: num(row.version),
    state: JSON.parse(row.state) as Record<string, unknown>,
  };
}

/** An op the hub already holds: what a push of the same op id is answered. */
export interface SeenOp {
  agency_code: string;
  status: string;
  reject_code: string | null;
  reject_reason: string | null;
}

/** The hub's copy of an instance while a batch is judged; `checked`: its state came from the state machine. */
export interface BatchInstance {
  snapshot: SyncInstanceSnapshot;
  checked: boolean;
}

const distinct = (values: Iterable<string>) => [...new Set(values)];

/**
 * What judging one pushed batch reads and writes, read with one query per table and written
 * once per instance and document at the end, instead of a query or two per op. Loaded after
 * the push took the agency's lock: nothing else changes the agency's rows meanwhile, so the
 * batch sees what op-by-op reads would, and each op sees the effect of those before it. Rows
 * of other agencies (an op id or a document they took) are read at the batch's start; another
 * agency's push at the same moment was a race with op-by-op reads as well.
 */
export class PushBatch {
  private readonly dirtyInstances = new Set<string>();
  private readonly dirtyRevisions = new Set<string>();
  /** Drafts this batch names first: the pusher becomes their drafter. */
  private readonly claimed = new Set<string>();
  /** Access given by accepted workflow ops: document, user (or `*`), at which place in the order. */
  private readonly grants: Array<{ documentId: string; userId: string; seq: number }> = [];
  /** Each changed instance's access facts after its last accepted op (the next op's "before"). */
  private readonly flows = new Map<string, FlowFacts>();

  private constructor(
    private readonly pusher: string,
    private readonly seenOps: Map<string, SeenOp>,
    private readonly foreign: Set<string>,
    private readonly instances: Map<string, BatchInstance>,
    private readonly revisions: Map<string, number>,
    private readonly access: Map<string, DraftFacts>,
  ) {}

  static async load(tx: SqlExecutor, agency: string, pusher: string, ops: readonly SyncOp[]): Promise<PushBatch> {
    const documents = distinct(ops.map((op) => op.documentId));
    const seen = await rowsIn<SeenOp & { op_id: string }>(
      tx,
      (list) => `SELECT op_id, agency_code, status, reject_code, reject_reason FROM sync_ops WHERE op_id IN (${list})`,
      [],
      distinct(ops.map((op) => op.opId)),
    );
    const foreign: { document_id: string }[] = [];
    for (const table of ['sync_documents', 'draft_people']) {
      foreign.push(
        ...(await rowsIn<{ document_id: string }>(
          tx,
          (list) => `SELECT DISTINCT document_id FROM ${table} WHERE agency_code <> ? AND document_id IN (${list})`,
          [agency],
          documents,
        )),
      );
    }
    const instanceIds = distinct(ops.flatMap((op) => (op.type === 'workflow.command' ? [op.instanceId] : [])));
    const instances = await rowsIn<InstanceRow>(
      tx,
      (list) => `SELECT * FROM sync_instances WHERE agency_code = ? AND instance_id IN (${list})`,
      [agency],
      instanceIds,
    );
    const saved = distinct(ops.flatMap((op) => (op.type === 'document.save' ? [op.documentId] : [])));
    const revisions = await rowsIn<{ document_id: string; revision: number }>(
      tx,
      (list) => `SELECT document_id, revision FROM sync_documents WHERE agency_code = ? AND document_id IN (${list})`,
      [agency],
      saved,
    );
    return new PushBatch(
      pusher,
      new Map(seen.map(({ op_id, ...row }) => [op_id, row])),
      new Set(foreign.map((row) => row.document_id)),
      new Map(instances.map((row) => [row.instance_id, { snapshot: snapshotOf(row), checked: false }])),
      new Map(revisions.map((row) => [row.document_id, num(row.revision)])),
      await draftFacts(tx, agency, documents),
    );
  }

  /**
   * Whether the pusher may act on the document: it is not another agency's, and it is new to the
   * hub (the pusher will be its drafter) or the access rule lets them open it. The rule is read
   * as the batch started (nothing the pusher does in the batch gives them access to a draft).
   */
  mayAct(documentId: string): boolean {
    if (this.foreign.has(documentId)) return false;
    const facts = this.access.get(documentId);
    return !isKnown(facts) || draftAccessOf(this.pusher, facts) !== undefined;
  }

  /** An op on the document was accepted: a draft new to the hub becomes the pusher's. */
  accepted(documentId: string): void {
    if (!isKnown(this.access.get(documentId))) this.claimed.add(documentId);
  }

  /** An accepted workflow op changed an instance: whoever it newly names (or everyone, for a role's step) gets access. */
  granted(before: SyncInstanceSnapshot | undefined, after: SyncInstanceSnapshot, seq: number): void {
    const people = this.access.get(after.documentId)?.people ?? [];
    const drafters = this.claimed.has(after.documentId) ? [{ userId: this.pusher, relation: 'drafter' as const }] : [];
    const from = before === undefined ? undefined : (this.flows.get(before.instanceId) ?? flowFacts(before.state));
    // The state machine returned `after.state` (a WorkflowState): read as it is.
    const to = flowFactsOf(after.state as unknown as FlowState);
    this.flows.set(after.instanceId, to);
    for (const userId of newlyGranted(from, to, [...people, ...drafters])) {
      this.grants.push({ documentId: after.documentId, userId, seq });
    }
  }

  seen(opId: string): SeenOp | undefined {
    return this.seenOps.get(opId);
  }

  /** Records an op stored by this batch (a repeat of its id later in the batch is answered from it). */
  stored(opId: string, op: SeenOp): void {
    this.seenOps.set(opId, op);
  }

  instance(id: string): BatchInstance | undefined {
    return this.instances.get(id);
  }

  /** An instance's new state, accepted from the state machine. */
  setInstance(snapshot: SyncInstanceSnapshot): void {
    this.instances.set(snapshot.instanceId, { snapshot, checked: true });
    this.dirtyInstances.add(snapshot.instanceId);
  }

  revision(documentId: string): number | undefined {
    return this.revisions.get(documentId);
  }

  setRevision(documentId: string, revision: number): void {
    this.revisions.set(documentId, revision);
    this.dirtyRevisions.add(documentId);
  }

  /** Writes every instance and document revision the batch changed, once each. */
  async flush(tx: SqlExecutor, agency: string, at: string): Promise<void> {
    for (const id of this.dirtyInstances) {
      const next = this.instances.get(id)!.snapshot;
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
    for (const documentId of this.dirtyRevisions) {
      await tx.run(
        `INSERT INTO sync_documents (agency_code, document_id, revision) VALUES (?, ?, ?)
         ON CONFLICT (agency_code, document_id) DO UPDATE SET revision = excluded.revision`,
        [agency, documentId, this.revisions.get(documentId)!],
      );
    }
    for (const documentId of this.claimed) {
      await tx.run(
        `INSERT INTO draft_people (agency_code, document_id, user_id, relation, granted_by, granted_at)
         VALUES (?, ?, ?, 'drafter', ?, ?) ON CONFLICT (agency_code, document_id, user_id) DO NOTHING`,
        [agency, documentId, this.pusher, this.pusher, at],
      );
      this.access.set(documentId, { people: [{ userId: this.pusher, relation: 'drafter' }], flows: [] });
    }
    for (const grant of this.grants) {
      await tx.run(
        `INSERT INTO draft_grants (agency_code, seq, document_id, user_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (agency_code, seq, document_id, user_id) DO NOTHING`,
        [agency, grant.seq, grant.documentId, grant.userId],
      );
    }
    this.dirtyInstances.clear();
    this.dirtyRevisions.clear();
    this.claimed.clear();
    this.grants.length = 0;
  }
}

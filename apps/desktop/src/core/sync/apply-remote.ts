import { validateDocument, workflowStateSchema, type SyncInstanceSnapshot, type SyncPulledOp } from '@oa/shared';
import type { CoreContext } from '../context';
import type { DraftBodies } from '../drafts/draft-bodies';
import { applySyncedDocument } from '../store/documents';
import { hasPendingFor } from '../store/outbox';
import { resolveDefinition } from '../workflow/definitions';
import { replaceInstance } from '../workflow/instances';

function documentExists(context: CoreContext, id: string): boolean {
  return context.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;
}

/**
 * Whether the local copy already is the hub's: the same version and the same state (the
 * common case after this device's own ops were accepted), so nothing needs rewriting.
 */
function holdsAlready(context: CoreContext, snapshot: SyncInstanceSnapshot): boolean {
  const local = context.db
    .prepare('SELECT version, state FROM workflow_instances WHERE id = ?')
    .get(snapshot.instanceId) as { version: number; state: string } | undefined;
  return local !== undefined && local.version === snapshot.version && local.state === JSON.stringify(snapshot.state);
}

/**
 * Takes the hub's copy of a workflow instance as the local one. `force` when this device's own
 * op on it was refused (its local state holds an effect the hub did not accept); otherwise an
 * instance with ops still waiting for the hub keeps its local state until they are pushed.
 */
export function adoptInstance(context: CoreContext, snapshot: SyncInstanceSnapshot, force: boolean): boolean {
  if (!force && hasPendingFor(context, snapshot.instanceId)) return false;
  if (!documentExists(context, snapshot.documentId)) return false;
  if (holdsAlready(context, snapshot)) return true;
  const definition = resolveDefinition(context, snapshot.definitionId, snapshot.definitionVersion);
  const state = workflowStateSchema.parse(snapshot.state);
  replaceInstance(context, {
    id: snapshot.instanceId,
    documentId: snapshot.documentId,
    definition,
    state,
    version: snapshot.version,
  });
  return true;
}

/**
 * Applies a pulled page of ops colleagues made, in the hub's order; this device's own ops are
 * already applied. A draft's body updates of the page are gathered (each kept only when its
 * draft exists at its place in the order, as one by one) and applied once per draft at the end:
 * one merged Yjs update, one update row, one rewrite of the draft's content. The result is the
 * same as one by one: Yjs updates commute, and the body a save shows is read from the Yjs
 * document whenever it has any update.
 */
export function applyRemotePage(context: CoreContext, bodies: DraftBodies, ops: readonly SyncPulledOp[]): void {
  const updates = new Map<string, Uint8Array[]>();
  for (const op of ops) {
    if (op.deviceId === context.deviceId) continue;
    if (op.type !== 'draft.update') {
      applyRemoteOp(context, bodies, op);
      continue;
    }
    const gathered = updates.get(op.documentId);
    if (gathered !== undefined) gathered.push(Buffer.from(op.update, 'base64'));
    else if (documentExists(context, op.documentId)) updates.set(op.documentId, [Buffer.from(op.update, 'base64')]);
  }
  for (const [documentId, pending] of updates) bodies.applyRemote(documentId, pending);
}

/** Applies one op a colleague made other than a body update. */
function applyRemoteOp(
  context: CoreContext,
  bodies: DraftBodies,
  op: Exclude<SyncPulledOp, { type: 'draft.update' }>,
): void {
  switch (op.type) {
    case 'document.save': {
      const checked = validateDocument(op.document, { stage: 'draft' });
      if (checked.document === undefined) return;
      const hasBody =
        context.db.prepare('SELECT 1 FROM draft_updates WHERE document_id = ? LIMIT 1').get(op.documentId) !==
        undefined;
      // The body lives in the draft's Yjs document; a save carries the metadata around it.
      const document = hasBody ? { ...checked.document, body: bodies.blocks(op.documentId) } : checked.document;
      applySyncedDocument(context, {
        id: op.documentId,
        document,
        revision: op.revision,
        createdBy: op.actorId,
        at: op.createdAt,
      });
      return;
    }
    case 'workflow.command':
      // The instance's state comes with the page (the hub's authoritative copy).
      return;
    case 'attachment.add':
      // The attachment's bytes are not carried by sync yet (docs/sync.md, "Not yet").
      return;
  }
}

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
 * Takes the hub's copy of a workflow instance as the local one. `force` when this device's own
 * op on it was refused (its local state holds an effect the hub did not accept); otherwise an
 * instance with ops still waiting for the hub keeps its local state until they are pushed.
 */
export function adoptInstance(context: CoreContext, snapshot: SyncInstanceSnapshot, force: boolean): boolean {
  if (!force && hasPendingFor(context, snapshot.instanceId)) return false;
  if (!documentExists(context, snapshot.documentId)) return false;
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

/** Applies one op a colleague made (pulled from the hub); this device's own ops are already applied. */
export function applyRemoteOp(context: CoreContext, bodies: DraftBodies, op: SyncPulledOp): void {
  if (op.deviceId === context.deviceId) return;
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
    case 'draft.update':
      if (!documentExists(context, op.documentId)) return;
      bodies.apply(op.documentId, Buffer.from(op.update, 'base64'), { id: op.actorId, name: op.actorId }, 'remote');
      return;
    case 'workflow.command':
      // The instance's state comes with the page (the hub's authoritative copy).
      return;
    case 'attachment.add':
      // The attachment's bytes are not carried by sync yet (docs/sync.md, "Not yet").
      return;
  }
}

import type { BodyBlock } from '@oa/shared';
import * as Y from 'yjs';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import { readDocument, requireDocument, updateDocumentContent } from '../store/documents';
import { appendOp } from '../store/outbox';
import { typedSetting } from '../store/settings';
import { attributeClients, attributeDeletions, useClientFor, type Person } from './attribution';
import { bodyTextName, readBlocks, replaceBlocks, writeBlocks } from './body-text';
import { appendUpdate, compactIfNeeded, loadUpdates } from './update-log';

/** Told after a body change is committed: the Yjs update and whether it was made here or came from elsewhere. */
export type BodyListener = (documentId: string, update: Uint8Array, source: 'local' | 'remote') => void;

/** Transaction origins: loading from disk, a change made here, an update from the hub. */
const loaded = Symbol('loaded');
const local = Symbol('local');
const remote = Symbol('remote');

/**
 * A body's empty Y.Doc. Its guid is the document id: Yjs would otherwise draw a random UUID
 * (31 calls to the system's random source, a tenth of applying a pulled page of drafts).
 */
function newBody(documentId: string): Y.Doc {
  return new Y.Doc({ gc: false, guid: documentId });
}

/**
 * Draft bodies as Yjs documents (collaborative drafting). Each body is a Y.Doc with garbage
 * collection off (deleted text is kept, so snapshots of earlier steps can be shown and
 * diffed), held in memory while in use and persisted as updates. Every change is one
 * SQLite transaction: the update row, the document's plain-text copy (for search and the
 * JSON view) and, for local changes, an outbox op to push.
 */
export class DraftBodies {
  private readonly docs = new Map<string, Y.Doc>();
  private readonly listeners = new Set<BodyListener>();

  constructor(private readonly context: CoreContext) {}

  /** The body's Y.Doc, loaded from its updates on first use. */
  doc(documentId: string): Y.Doc {
    const cached = this.docs.get(documentId);
    if (cached !== undefined) return cached;
    requireDocument(this.context, documentId);
    const doc = newBody(documentId);
    for (const update of loadUpdates(this.context, documentId)) Y.applyUpdate(doc, update, loaded);
    this.docs.set(documentId, doc);
    return doc;
  }

  blocks(documentId: string): BodyBlock[] {
    return readBlocks(this.doc(documentId).getText(bodyTextName));
  }

  /** Writes the first body of a new draft; call inside the transaction creating the draft. */
  seed(documentId: string, blocks: readonly BodyBlock[], person: Person): void {
    const doc = newBody(documentId);
    this.docs.set(documentId, doc);
    this.change(documentId, person, local, () =>
      doc.transact(() => {
        attributeClients(doc, [doc.clientID], person);
        writeBlocks(doc.getText(bodyTextName), blocks);
      }, local),
    );
  }

  /** A local edit of the body text (insert and/or delete at a character offset). */
  edit(documentId: string, person: Person, edit: { index: number; deleteCount: number; insert: string }): void {
    const doc = this.doc(documentId);
    const text = doc.getText(bodyTextName);
    if (edit.index + edit.deleteCount > text.length) {
      throw desktopError('DRAFT_EDIT_OUT_OF_RANGE', { length: text.length });
    }
    this.change(documentId, person, local, () =>
      doc.transact((transaction) => {
        attributeClients(doc, [doc.clientID], person);
        if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
        if (edit.insert.length > 0) text.insert(edit.index, edit.insert);
        attributeDeletions(doc, transaction.deleteSet, person);
      }, local),
    );
  }

  /** Replaces the body with new blocks by the smallest edit (a save of the whole document). */
  replace(documentId: string, person: Person, blocks: readonly BodyBlock[]): void {
    const doc = this.doc(documentId);
    this.change(documentId, person, local, () =>
      doc.transact((transaction) => {
        attributeClients(doc, [doc.clientID], person);
        replaceBlocks(doc.getText(bodyTextName), blocks);
        attributeDeletions(doc, transaction.deleteSet, person);
      }, local),
    );
  }

  /**
   * Applies a Yjs update: `local` when this user's editor made it (its clients and
   * deletions are attributed to `person` and it is queued for the hub), `remote` when it
   * came from the hub (its attribution is already inside it).
   */
  apply(documentId: string, update: Uint8Array, person: Person, source: 'local' | 'remote'): void {
    if (source === 'remote') {
      this.applyRemote(documentId, [update]);
      return;
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      throw desktopError('DRAFT_UPDATE_INVALID');
    }
    const doc = this.doc(documentId);
    // Two Yjs transactions: the update is someone else's (a non-local transaction); writing
    // our attribution inside it would make Yjs think another client uses our client id.
    this.change(documentId, person, local, () => {
      Y.applyUpdate(doc, update, local);
      doc.transact(() => {
        attributeClients(doc, new Set(decoded.structs.map((struct) => struct.id.client)), person);
        attributeDeletions(doc, decoded.ds, person);
      }, local);
    });
  }

  /**
   * Applies updates that came from elsewhere (their attribution is inside them), in order, as
   * one: merged (Y.mergeUpdates), applied in one Yjs transaction and persisted as one row with
   * one rewrite of the document's content, rather than once per update (a pulled page).
   */
  applyRemote(documentId: string, updates: readonly Uint8Array[]): void {
    if (updates.length === 0) return;
    let merged: Uint8Array;
    try {
      if (updates.length === 1) Y.decodeUpdate(updates[0]!);
      merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]);
    } catch {
      throw desktopError('DRAFT_UPDATE_INVALID');
    }
    const doc = this.doc(documentId);
    this.change(documentId, null, remote, () => Y.applyUpdate(doc, merged, remote));
  }

  /** The state vector of the core's copy (what it has seen of every client). */
  stateVector(documentId: string): Uint8Array {
    return Y.encodeStateVector(this.doc(documentId));
  }

  /**
   * What the core's copy has that a copy at `stateVector` lacks (an editor catching up), and
   * the core's state vector; DRAFT_UPDATE_INVALID when the state vector does not decode.
   */
  diff(documentId: string, stateVector: Uint8Array): { update: Uint8Array; stateVector: Uint8Array } {
    const doc = this.doc(documentId);
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(doc, stateVector);
    } catch {
      throw desktopError('DRAFT_UPDATE_INVALID');
    }
    return { update, stateVector: this.stateVector(documentId) };
  }

  /** Calls `listener` after every committed change (the live room sends local ones); returns an unsubscribe. */
  onChange(listener: BodyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the in-memory copy (it is reloaded from disk on next use). */
  evict(documentId: string): void {
    this.docs.get(documentId)?.destroy();
    this.docs.delete(documentId);
  }

  /** Runs Yjs transactions on the body and persists what they changed, in one SQLite transaction. */
  private change(documentId: string, person: Person | null, origin: symbol, run: () => void): void {
    const doc = this.docs.get(documentId) ?? this.doc(documentId);
    if (origin === local && person !== null) useClientFor(doc, person);
    const updates: Uint8Array[] = [];
    const capture = (update: Uint8Array) => updates.push(update);
    doc.on('update', capture);
    try {
      this.context.db.transaction(() => {
        run();
        this.persist(documentId, updates, person, origin);
      })();
    } catch (error) {
      // The database rolled back: drop the in-memory doc so it cannot drift from the disk.
      this.evict(documentId);
      throw error;
    } finally {
      doc.off('update', capture);
    }
    compactIfNeeded(this.context, documentId, typedSetting(this.context, 'draft.compactThreshold'));
    if (updates.length > 0 && this.listeners.size > 0) {
      const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      for (const listener of this.listeners) listener(documentId, update, origin === remote ? 'remote' : 'local');
    }
  }

  private persist(documentId: string, updates: Uint8Array[], person: Person | null, origin: symbol): void {
    if (updates.length === 0) return;
    const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    appendUpdate(this.context, documentId, update);
    const current = readDocument(this.context, documentId).document;
    const body = readBlocks(this.doc(documentId).getText(bodyTextName));
    // The copy is rewritten only when the text changed (not e.g. for a pulled draft's first
    // update, whose text its save already carried).
    if (JSON.stringify(body) !== JSON.stringify(current.body)) {
      updateDocumentContent(this.context, documentId, { ...current, body }, isoNow(this.context), false);
    }
    if (origin !== remote && person !== null) {
      appendOp(this.context, {
        type: 'draft.update',
        documentId,
        actorId: person.id,
        update: Buffer.from(update).toString('base64'),
      });
    }
  }
}

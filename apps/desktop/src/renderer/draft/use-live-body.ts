import { blocksFromDelta, deltaFromBlocks, type BodyBlock, type BodyDeltaOp } from '@oa/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { ApiClient, BodyCursor, DraftPresenceView, PresentPersonView } from '../../api-contract';
import { base64FromBytes, bytesFromBase64 } from '../base64';

/** How often the editor asks the core for colleagues' edits, and for who is there. */
export const livePolicy = { pullMs: 400, presenceEvery: 3, pushDelayMs: 80, cursorDelayMs: 250 } as const;

/** Transaction origin of what came from the core (never pushed back). */
const fromCore = Symbol('core');

export interface LiveBody {
  /** The editor's own copy of the body (the draft's Yjs document; only its `body` text is edited here). */
  text: Y.Text;
  blocks: BodyBlock[];
  people: PresentPersonView[];
  connection: DraftPresenceView['connection'] | undefined;
  /** The first state of a saved draft has arrived (always true for a new one). */
  ready: boolean;
  error: unknown;
  /** Sends what is still waiting to go to the core (before a save). */
  flush(): Promise<void>;
  /** Where this person's caret or selection is (null: not in the body), shown to colleagues. */
  setSelection(range: { index: number; length: number } | null): void;
  /**
   * Adds blocks after what the body holds (导入 Word 文档), as an edit of this person's: an empty
   * body is replaced, anything typed stays before them.
   */
  append(blocks: readonly BodyBlock[]): void;
}

const emptyBody: BodyBlock[] = [{ type: 'paragraph', text: '' }];

/**
 * The body of the draft open in the editor, live: the renderer keeps its own Y.Doc and
 * exchanges Yjs updates with the core through the API (pushDraftUpdate as the person types,
 * pullDraftUpdates a few times a second for what colleagues typed through the hub's room);
 * joins the draft's room while open and polls who else is there. A new draft (no id yet) is
 * edited in a local Y.Doc; once saved, the editor continues on the saved draft's copy.
 */
export function useLiveBody(
  api: ApiClient,
  documentId: string | undefined,
  seed: readonly BodyBlock[] = emptyBody,
): LiveBody {
  const [state, setState] = useState(() => fresh(documentId, seed));
  const [blocks, setBlocks] = useState<BodyBlock[]>(() => readBody(state.text));
  const [people, setPeople] = useState<PresentPersonView[]>([]);
  const [connection, setConnection] = useState<DraftPresenceView['connection'] | undefined>();
  const [ready, setReady] = useState(documentId === undefined);
  const [error, setError] = useState<unknown>();
  const pending = useRef<Uint8Array[]>([]);
  const pushing = useRef<Promise<void> | undefined>(undefined);
  const cursorTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // A different draft (or the new one just saved): a fresh copy, pulled from the core.
  if (state.documentId !== documentId) {
    const next = fresh(documentId, seed);
    setState(next);
    setBlocks(readBody(next.text));
    setReady(documentId === undefined);
    setPeople([]);
  }

  const push = useCallback((): Promise<void> => {
    if (state.documentId === undefined) return Promise.resolve();
    if (pushing.current !== undefined) return pushing.current.then(() => push());
    if (pending.current.length === 0) return Promise.resolve();
    const update = Y.mergeUpdates(pending.current.splice(0));
    const id = state.documentId;
    pushing.current = api
      .pushDraftUpdate({ documentId: id, update: base64FromBytes(update) })
      .then(() => setError(undefined))
      .catch((failure: unknown) => {
        // Kept for the next attempt: nothing typed is lost.
        pending.current.unshift(update);
        setError(failure);
      })
      .finally(() => (pushing.current = undefined));
    return pushing.current;
  }, [api, state]);

  useEffect(() => {
    const { doc, text, documentId: id } = state;
    let pushTimer: ReturnType<typeof setTimeout> | undefined;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === fromCore || id === undefined) return;
      pending.current.push(update);
      clearTimeout(pushTimer);
      pushTimer = setTimeout(() => void push(), livePolicy.pushDelayMs);
    };
    const onText = () => setBlocks(readBody(text));
    doc.on('update', onUpdate);
    text.observe(onText);
    if (id === undefined) {
      return () => {
        doc.off('update', onUpdate);
        text.unobserve(onText);
      };
    }

    let live = true;
    let ticks = 0;
    const pull = async () => {
      if (pushing.current !== undefined || pending.current.length > 0) return;
      const diff = await api.pullDraftUpdates({
        documentId: id,
        stateVector: base64FromBytes(Y.encodeStateVector(doc)),
      });
      if (live) Y.applyUpdate(doc, bytesFromBase64(diff.update), fromCore);
    };
    const presence = async () => {
      const view = await api.draftPresence({ documentId: id });
      if (!live) return;
      setPeople(view.people);
      setConnection(view.connection);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        await pull();
        if (ticks++ % livePolicy.presenceEvery === 0) await presence();
      } catch (failure) {
        if (live) setError(failure);
      }
      if (live) timer = setTimeout(() => void tick(), livePolicy.pullMs);
    };
    void (async () => {
      try {
        await pull();
        if (!live) return;
        setReady(true);
        const view = await api.joinDraftRoom({ documentId: id });
        if (!live) return;
        setPeople(view.people);
        setConnection(view.connection);
      } catch (failure) {
        if (live) setError(failure);
      }
      if (live) timer = setTimeout(() => void tick(), livePolicy.pullMs);
    })();
    return () => {
      live = false;
      clearTimeout(timer);
      clearTimeout(pushTimer);
      doc.off('update', onUpdate);
      text.unobserve(onText);
      void push().finally(() => api.leaveDraftRoom({ documentId: id }).catch(() => undefined));
    };
  }, [api, state, push]);

  const setSelection = useCallback(
    (range: { index: number; length: number } | null) => {
      const id = state.documentId;
      if (id === undefined) return;
      clearTimeout(cursorTimer.current);
      cursorTimer.current = setTimeout(() => {
        const cursor: BodyCursor | null =
          range === null
            ? null
            : {
                anchor: positionAt(state.text, range.index),
                head: positionAt(state.text, range.index + range.length),
              };
        api.setDraftCursor({ documentId: id, cursor }).catch(() => undefined);
      }, livePolicy.cursorDelayMs);
    },
    [api, state],
  );

  const append = useCallback(
    (added: readonly BodyBlock[]) => {
      const { doc, text } = state;
      const empty = text.toString().trim() === '';
      doc.transact(() => {
        if (empty) text.delete(0, text.length);
        text.applyDelta([...(text.length > 0 ? [{ retain: text.length }] : []), ...deltaFromBlocks(added)]);
      });
    },
    [state],
  );

  return { text: state.text, blocks, people, connection, ready, error, flush: push, setSelection, append };
}

function fresh(documentId: string | undefined, seed: readonly BodyBlock[]) {
  const doc = new Y.Doc({ gc: false }); // deleted text is kept for the revision marks, as in the core
  const text = doc.getText('body');
  if (documentId === undefined) doc.transact(() => text.applyDelta(deltaFromBlocks(seed)), fromCore);
  return { documentId, doc, text };
}

function readBody(text: Y.Text): BodyBlock[] {
  const blocks = blocksFromDelta(text.toDelta() as BodyDeltaOp[]);
  return blocks.length > 0 ? blocks : emptyBody;
}

function positionAt(text: Y.Text, index: number): BodyCursor['anchor'] {
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index)) as BodyCursor['anchor'];
}

/** Where a colleague's cursor is in this copy (undefined when the text it points at is not here yet). */
export function absoluteRange(text: Y.Text, cursor: BodyCursor): { index: number; length: number } | undefined {
  const at = (position: BodyCursor['anchor']) =>
    Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(position), text.doc!);
  const anchor = at(cursor.anchor);
  const head = at(cursor.head);
  if (anchor === null || head === null || anchor.type !== text || head.type !== text) return undefined;
  return { index: Math.min(anchor.index, head.index), length: Math.abs(head.index - anchor.index) };
}

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** The room route (public for the HTTP hook: the socket authenticates itself and closes with 44xx). */
export const roomRoute = '/v1/drafts/:documentId/room';

/** y-websocket's message types (the first varuint of every message). */
export const messageSync = 0;
export const messageAwareness = 1;

/** One client's end of a room (a WebSocket in production). */
export interface RoomPeer {
  send(message: Uint8Array): void;
}

/** Where a room's updates go: the hub's storage, and the other hub processes. */
export interface RoomSink {
  persist(update: Uint8Array): void;
  /** A presence change made by a peer here, for the peers of the same room in other hub processes. */
  relayAwareness(update: Uint8Array): void;
}

/** The origin of updates read from storage or relayed from another hub process (not persisted again). */
export const storedOrigin = Symbol('stored');

/**
 * One draft's Yjs room on the hub: the body as a Y.Doc (garbage collection off, as on the
 * laptops, so revision marks keep deleted text), the presence of who is in it (awareness), and
 * the peers connected to this process. It speaks the y-websocket protocol (y-protocols sync
 * step 1/2 and updates, awareness updates): a new peer gets the room's state vector and the
 * current presence; every update a peer sends is applied, stored and relayed to the others.
 */
export class DraftRoom {
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it announced (removed when it leaves). */
  private readonly peers = new Map<RoomPeer, Set<number>>();

  constructor(private readonly sink: RoomSink) {
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== storedOrigin) this.sink.persist(update);
      this.broadcast(encodeUpdate(update), origin);
    });
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
        const changed = [...added, ...updated, ...removed];
        const controlled = this.peers.get(origin as RoomPeer);
        if (controlled !== undefined) {
          for (const id of added) controlled.add(id);
          for (const id of removed) controlled.delete(id);
        }
        const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
        if (origin !== storedOrigin) this.sink.relayAwareness(update);
        const message = encoding.createEncoder();
        encoding.writeVarUint(message, messageAwareness);
        encoding.writeVarUint8Array(message, update);
        this.broadcast(encoding.toUint8Array(message), undefined);
      },
    );
  }

  get size(): number {
    return this.peers.size;
  }

  /** Applies updates from storage or another process (not stored again, relayed to the peers). */
  applyStored(updates: readonly Uint8Array[]): void {
    if (updates.length === 0) return;
    Y.applyUpdate(this.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]), storedOrigin);
  }

  /** Everyone present, as one awareness update (undefined when nobody is). */
  presence(): Uint8Array | undefined {
    const present = [...this.awareness.getStates().keys()];
    return present.length === 0 ? undefined : awarenessProtocol.encodeAwarenessUpdate(this.awareness, present);
  }

  /** Applies presence relayed from another hub process. */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, storedOrigin);
  }

  /** A peer joins: it gets the room's state vector (sync step 1) and who else is here. */
  join(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, messageSync);
    syncProtocol.writeSyncStep1(step1, this.doc);
    peer.send(encoding.toUint8Array(step1));
    const present = this.presence();
    if (present !== undefined) {
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, messageAwareness);
      encoding.writeVarUint8Array(message, present);
      peer.send(encoding.toUint8Array(message));
    }
  }

  /** A message from a peer. Throws on data that is not the y-websocket protocol (the caller closes the peer). */
  receive(peer: RoomPeer, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageSync) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, messageSync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, peer, (error) => {
        throw error;
      });
      if (encoding.length(reply) > 1) peer.send(encoding.toUint8Array(reply));
    } else if (type === messageAwareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), peer);
    } else {
      throw new Error(`unknown room message type ${type}`);
    }
  }

  /** A peer leaves: its presence goes with it. */
  leave(peer: RoomPeer): void {
    const controlled = this.peers.get(peer);
    this.peers.delete(peer);
    if (controlled !== undefined && controlled.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    }
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers.keys()) {
      if (peer !== except) peer.send(message);
    }
  }
}

function encodeUpdate(update: Uint8Array): Uint8Array {
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, messageSync);
  syncProtocol.writeUpdate(message, update);
  return encoding.toUint8Array(message);
}

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { bodyCursorSchema, type BodyCursor, type PresentPersonView } from '../../api-contract';
import type { DraftBodies } from '../drafts/draft-bodies';
import type { Person } from '../drafts/attribution';
import { nextDelay, type BackoffPolicy } from './backoff';
import type { HubSession } from './transport';

/** y-websocket's message types. */
const messageSync = 0;
const messageAwareness = 1;

/** How long to wait before reconnecting a room: quick at first, then backing off. */
export const roomBackoff: BackoffPolicy = { intervalMs: 1_000, baseMs: 1_000, capMs: 60_000, jitter: 0.2 };

export type RoomConnection = 'connecting' | 'online' | 'offline' | 'refused';

/** Who else has the draft open, from the room's awareness (with their cursor in the body, when they are in it). */
export type PresentPerson = PresentPersonView;

/**
 * This laptop in one draft's live room on the hub (the y-websocket protocol over a WebSocket
 * authenticated by the hub session). On (re)connecting, the two sides exchange what the other
 * lacks (sync steps 1 and 2), which merges everything edited offline; afterwards every local
 * change of the body goes to the room as it is committed, and the room's changes are applied
 * and persisted locally like any other remote update. Presence: this person's awareness state,
 * and everyone else's. A refused connection (4401/4403) is not retried until `reconnect()`.
 */
export class DraftRoom {
  private socket: WebSocket | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  private readonly unsubscribe: () => void;
  private readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  connection: RoomConnection = 'connecting';
  /** The close code of the last refusal (4401 not logged in, 4403 a draft this person may not open, or not yet on the hub). */
  refusal: { code: number; reason: string } | null = null;

  constructor(
    private readonly bodies: DraftBodies,
    readonly documentId: string,
    private readonly person: Person,
    private readonly session: () => HubSession | null,
    private readonly policy: BackoffPolicy = roomBackoff,
  ) {
    this.awareness.setLocalState({ user: { id: person.id, name: person.name } });
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === this) return;
      const changed = [...added!, ...updated!, ...removed!];
      this.send(messageAwareness, (encoder) =>
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)),
      );
    });
    this.unsubscribe = bodies.onChange((id, update, source) => {
      if (id !== documentId || source !== 'local') return;
      this.send(messageSync, (encoder) => syncProtocol.writeUpdate(encoder, update));
    });
    this.connect();
  }

  /**
   * The other people in the room (each once, whatever number of windows or laptops), with a
   * cursor when one of their windows has one in the body.
   */
  present(): PresentPerson[] {
    const people = new Map<string, PresentPerson>();
    for (const [client, state] of this.awareness.getStates()) {
      const { user, cursor } = state as { user?: { id?: unknown; name?: unknown }; cursor?: unknown };
      if (client === this.awareness.clientID || typeof user?.id !== 'string' || user.id === this.person.id) continue;
      const parsed = bodyCursorSchema.safeParse(cursor);
      const known = people.get(user.id);
      people.set(user.id, {
        id: user.id,
        name: typeof user.name === 'string' ? user.name : user.id,
        cursor: parsed.success ? parsed.data : (known?.cursor ?? null),
      });
    }
    return [...people.values()];
  }

  /** This person's cursor in the body (null: not in the body), told to the room's other peers. */
  setCursor(cursor: BodyCursor | null): void {
    if (this.closed) return;
    this.awareness.setLocalStateField('cursor', cursor);
  }

  /** Connects again now (after going back online, or after a new login fixed a refusal). */
  reconnect(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.socket?.removeAllListeners();
    this.socket?.terminate();
    this.failures = 0;
    this.connect();
  }

  /** Leaves the room for good. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.unsubscribe();
    this.awareness.setLocalState(null);
    this.awareness.destroy();
    this.socket?.close();
    this.connection = 'offline';
  }

  private connect(): void {
    const session = this.session();
    if (session === null) {
      this.connection = 'offline';
      return;
    }
    this.connection = 'connecting';
    const url = new URL(`/v1/drafts/${encodeURIComponent(this.documentId)}/room`, session.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${session.token}` } });
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.on('open', () => {
      this.connection = 'online';
      this.failures = 0;
      this.refusal = null;
      this.send(messageSync, (encoder) => syncProtocol.writeSyncStep1(encoder, this.bodies.doc(this.documentId)));
      // Announce this person with a new clock: the hub dropped the old state when the last connection closed.
      const cursor = (this.awareness.getLocalState() as { cursor?: unknown } | null)?.cursor ?? null;
      this.awareness.setLocalState({ user: { id: this.person.id, name: this.person.name }, cursor });
    });
    socket.on('message', (data: ArrayBuffer) => {
      try {
        this.receive(new Uint8Array(data));
      } catch {
        // Not the protocol, or an update that does not apply: drop this connection (nothing
        // was persisted from it) and let the back-off reconnect and resync from scratch.
        socket.close(4400, 'BAD_MESSAGE');
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return;
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
      if (this.closed) return;
      if (code === 4401 || code === 4403) {
        this.connection = 'refused';
        this.refusal = { code, reason: reason.toString() };
        return;
      }
      this.connection = 'offline';
      this.failures++;
      this.retry = setTimeout(() => this.connect(), nextDelay(this.policy, this.failures));
      this.retry.unref?.();
    });
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageAwareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
      return;
    }
    if (type !== messageSync) return;
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      // The hub's state vector: send everything it lacks (this is where offline work merges).
      const stateVector = decoding.readVarUint8Array(decoder);
      const missing = Y.encodeStateAsUpdate(this.bodies.doc(this.documentId), stateVector);
      this.send(messageSync, (encoder) => syncProtocol.writeUpdate(encoder, missing));
    } else {
      // Step 2 or an update: colleagues' edits, persisted here (no outbox op: they are theirs).
      const update = decoding.readVarUint8Array(decoder);
      this.bodies.apply(this.documentId, update, this.person, 'remote');
    }
  }

  private send(type: number, write: (encoder: encoding.Encoder) => void): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    socket.send(encoding.toUint8Array(encoder));
  }
}

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { HubClient } from '../client/hub-client';
import { messageAwareness, messageSync } from '../rooms/room';
import { adminCredentials } from './hub';
import { testAgencies, type TestAgencyKey } from './pki';

/** Registers agencies (no seals) with one `viewer` each; returns each member's session token. */
export async function registerMembers<K extends TestAgencyKey>(
  url: string,
  keys: readonly K[],
  password: string,
): Promise<Record<K, string>> {
  const admin = new HubClient(url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  const tokens = {} as Record<K, string>;
  for (const key of keys) {
    const agency = testAgencies[key];
    await admin.registerAgency({ code: agency.code, name: agency.name, level: agency.level });
    await admin.createUser({
      username: `staff-${key}`,
      password,
      memberships: [{ agencyCode: agency.code, role: 'viewer' }],
    });
    tokens[key] = (await new HubClient(url).login(`staff-${key}`, password)).token;
  }
  return tokens;
}

/**
 * A bare y-websocket peer for hub tests (a Y.Doc, its awareness and a socket), speaking the
 * same protocol as the desktop's room client. `closed` resolves with the close code.
 */
export class RoomTestPeer {
  readonly doc = new Y.Doc({ gc: false });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Resolves when the socket is open (edits made before travel with the first sync step). */
  readonly opened: Promise<void>;
  private readonly socket: WebSocket;

  constructor(hubUrl: string, token: string | undefined, documentId: string) {
    const url = `${hubUrl.replace(/^http/, 'ws')}/v1/drafts/${encodeURIComponent(documentId)}/room`;
    this.socket = new WebSocket(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    this.socket.binaryType = 'arraybuffer';
    this.closed = new Promise((resolve) =>
      this.socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.opened = new Promise((resolve) => this.socket.once('open', () => resolve()));
    this.socket.on('open', () => {
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, messageSync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.socket.send(encoding.toUint8Array(step1));
      if (this.awareness.getLocalState() !== null) {
        const presence = encoding.createEncoder();
        encoding.writeVarUint(presence, messageAwareness);
        encoding.writeVarUint8Array(
          presence,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]),
        );
        this.socket.send(encoding.toUint8Array(presence));
      }
    });
    this.socket.on('message', (data: ArrayBuffer) => this.receive(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, messageSync);
      syncProtocol.writeUpdate(message, update);
      this.send(encoding.toUint8Array(message));
    });
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === this) return;
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, messageAwareness);
      encoding.writeVarUint8Array(
        message,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added!, ...updated!, ...removed!]),
      );
      this.send(encoding.toUint8Array(message));
    });
  }

  get text(): string {
    return this.doc.getText('body').toString();
  }

  /** Sends raw bytes (to test what the hub does with garbage). */
  send(message: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(message);
  }

  /** Resolves once `check` holds (polling every 10 ms), or rejects after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('room peer: condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async close(): Promise<void> {
    this.awareness.destroy();
    this.socket.close();
    await this.closed;
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === messageSync) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, messageSync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
    } else if (type === messageAwareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    }
  }
}

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SqlDriver } from '../storage/driver';
import { DraftRoom, type RoomPeer } from './room';
import { mayOpenDraft } from '../drafts/access-store';
import { RoomStore } from './room-store';

const channel = 'oa_hub_rooms';
/**
 * A notice between hub processes about one room: new stored rows, a presence change (base64), or
 * `query` from a process that just opened the room and asks the others for who is present.
 */
const noticeSchema = z.object({
  agency: z.string(),
  documentId: z.string(),
  from: z.string(),
  awareness: z.string().optional(),
  query: z.literal(true).optional(),
});

interface OpenRoom {
  agency: string;
  documentId: string;
  room: DraftRoom;
  /** The highest stored row this process has applied. */
  lastId: number;
  /** Stores run one after another; closing waits for them. */
  writes: Promise<void>;
  appended: number;
  /** Peers in it or joining it. */
  users: number;
}

/**
 * The drafts' Yjs rooms of this hub process (docs/sync.md "Yjs rooms"). A room is opened from
 * storage when its first peer joins and closed when the last one leaves. Every update a peer
 * sends is stored (and the room compacted every `threshold` updates and on closing); hub
 * processes sharing a PostgreSQL database tell each other through the database's
 * notifications, and each reads the new rows into its copy of the room.
 */
export class RoomService {
  private readonly report: (error: unknown) => void;
  private readonly rooms = new Map<string, Promise<OpenRoom>>();
  /** The room each peer is in. */
  private readonly joined = new Map<RoomPeer, { entry: OpenRoom; open: Promise<OpenRoom> }>();
  private readonly processId = randomUUID();
  private unlisten: (() => Promise<void>) | undefined;
  readonly store: RoomStore;
  /** Where storage failures are reported (the hub's log). */
  onError: (error: unknown) => void;

  constructor(
    private readonly driver: SqlDriver,
    options: { compactThreshold?: number; onError?: (error: unknown) => void } = {},
  ) {
    this.store = new RoomStore(driver, options.compactThreshold);
    this.onError = options.onError ?? (() => undefined);
    this.report = (error) => this.onError(error);
  }

  async start(): Promise<void> {
    this.unlisten = await this.driver.listen(channel, (payload) => {
      const notice = noticeSchema.safeParse(JSON.parse(payload));
      if (!notice.success || notice.data.from === this.processId) return;
      const { agency, documentId, awareness, query } = notice.data;
      const open = this.rooms.get(key(agency, documentId));
      void open
        ?.then((entry) => {
          if (query) return this.relayAwareness(entry, entry.room.presence());
          if (awareness !== undefined) {
            return entry.room.applyRemoteAwareness(new Uint8Array(Buffer.from(awareness, 'base64')));
          }
          return this.tail(entry);
        })
        .catch(this.report);
    });
  }

  /** Whether `user` of `agency` may open the draft (docs/sync.md "Who may open a draft"), read from storage. */
  mayOpen(agency: string, user: string, documentId: string): Promise<boolean> {
    return mayOpenDraft(this.driver, agency, user, documentId);
  }

  /** Puts `peer` in the draft's room (opening it from storage first). */
  async enter(agency: string, documentId: string, peer: RoomPeer): Promise<DraftRoom> {
    const id = key(agency, documentId);
    for (;;) {
      let open = this.rooms.get(id);
      if (open === undefined) {
        open = this.open(agency, documentId);
        this.rooms.set(id, open);
        open.catch(() => this.rooms.delete(id));
      }
      const entry = await open;
      // The last peer may have closed the room while this one waited: open it again.
      if (this.rooms.get(id) !== open) continue;
      entry.users++;
      this.joined.set(peer, { entry, open });
      entry.room.join(peer);
      return entry.room;
    }
  }

  /** Takes `peer` out; the last one out closes the room after its updates are stored and compacted. */
  async leave(peer: RoomPeer): Promise<void> {
    const joined = this.joined.get(peer);
    if (joined === undefined) return;
    this.joined.delete(peer);
    const { entry, open } = joined;
    const { agency, documentId } = entry;
    const id = key(agency, documentId);
    entry.room.leave(peer);
    if (--entry.users > 0) return;
    if (this.rooms.get(id) === open) this.rooms.delete(id);
    await entry.writes;
    entry.room.destroy();
    await this.store.compactIfNeeded(agency, documentId, new Date().toISOString()).catch(this.report);
  }

  /** Rooms open in this process (for tests and operations). */
  get openRooms(): number {
    return this.rooms.size;
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    const entries = await Promise.allSettled([...this.rooms.values()]);
    this.rooms.clear();
    for (const result of entries) {
      if (result.status !== 'fulfilled') continue;
      await result.value.writes;
      result.value.room.destroy();
    }
  }

  private async open(agency: string, documentId: string): Promise<OpenRoom> {
    const entry: OpenRoom = {
      agency,
      documentId,
      lastId: 0,
      writes: Promise.resolve(),
      appended: 0,
      users: 0,
      room: new DraftRoom({
        persist: (update) => this.persist(entry, update),
        relayAwareness: (update) => this.relayAwareness(entry, update),
      }),
    };
    await this.tail(entry);
    await this.driver.notify(channel, JSON.stringify({ agency, documentId, from: this.processId, query: true }));
    return entry;
  }

  private relayAwareness(entry: OpenRoom, update: Uint8Array | undefined): void {
    if (update === undefined) return;
    const notice = {
      agency: entry.agency,
      documentId: entry.documentId,
      from: this.processId,
      awareness: Buffer.from(update).toString('base64'),
    };
    this.driver.notify(channel, JSON.stringify(notice)).catch(this.report);
  }

  /** Reads the rows stored after the last one applied (by any process) into the room. */
  private async tail(entry: OpenRoom): Promise<void> {
    const stored = await this.store.load(entry.agency, entry.documentId, entry.lastId);
    entry.lastId = stored.lastId;
    entry.room.applyStored(stored.updates);
  }

  private persist(entry: OpenRoom, update: Uint8Array): void {
    entry.writes = entry.writes
      .then(async () => {
        const at = new Date().toISOString();
        await this.store.append(entry.agency, entry.documentId, update, at);
        await this.driver.notify(
          channel,
          JSON.stringify({ agency: entry.agency, documentId: entry.documentId, from: this.processId }),
        );
        if (++entry.appended % this.store.threshold === 0) {
          await this.store.compactIfNeeded(entry.agency, entry.documentId, at);
        }
      })
      .catch(this.report);
  }
}

const key = (agency: string, documentId: string) => `${agency}\u0000${documentId}`;

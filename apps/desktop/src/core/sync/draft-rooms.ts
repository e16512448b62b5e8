import type { DraftBodies } from '../drafts/draft-bodies';
import type { Person } from '../drafts/attribution';
import type { BodyCursor, DraftPresenceView } from '../../api-contract';
import { DraftRoom, roomBackoff } from './draft-room';
import type { BackoffPolicy } from './backoff';
import type { HubSession } from './transport';

export type { DraftPresenceView };

/** The live rooms this laptop is in (one per draft open in an editor). */
export class DraftRooms {
  private readonly rooms = new Map<string, DraftRoom>();

  constructor(
    private readonly bodies: DraftBodies,
    private readonly session: () => HubSession | null,
    private readonly policy: BackoffPolicy = roomBackoff,
  ) {}

  /** Joins the draft's room as `person` (again after a refusal or going back online). */
  join(documentId: string, person: Person): DraftPresenceView {
    const existing = this.rooms.get(documentId);
    if (existing !== undefined) {
      if (existing.connection !== 'online') existing.reconnect();
      return this.presence(documentId);
    }
    this.bodies.doc(documentId);
    this.rooms.set(documentId, new DraftRoom(this.bodies, documentId, person, this.session, this.policy));
    return this.presence(documentId);
  }

  leave(documentId: string): DraftPresenceView {
    this.rooms.get(documentId)?.close();
    this.rooms.delete(documentId);
    return this.presence(documentId);
  }

  presence(documentId: string): DraftPresenceView {
    const room = this.rooms.get(documentId);
    return room === undefined
      ? { documentId, connection: 'closed', people: [] }
      : { documentId, connection: room.connection, people: room.present() };
  }

  /** Sets this person's cursor in the draft's room (nothing when the draft's room is not joined). */
  setCursor(documentId: string, cursor: BodyCursor | null): DraftPresenceView {
    this.rooms.get(documentId)?.setCursor(cursor);
    return this.presence(documentId);
  }

  /** After the network or the session changed: every room not online tries again now. */
  reconnectAll(): void {
    for (const room of this.rooms.values()) if (room.connection !== 'online') room.reconnect();
  }

  closeAll(): void {
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }
}

import { z } from 'zod';

/** A draft's live room as the UI shows it (who else is editing; whether edits go out live). */
export interface DraftPresenceView {
  documentId: string;
  /**
   * online: edits go to colleagues as they are made; connecting / offline: they are kept and
   * merged when the room is reached again; refused: the hub does not let this session in (log
   * in again, or the draft is not this agency's); closed: not joined.
   */
  connection: 'connecting' | 'online' | 'offline' | 'refused' | 'closed';
  people: { id: string; name: string }[];
}

const documentInput = z.object({ documentId: z.string().trim().min(1).max(200) }).strict();
const presenceMethod = { input: documentInput } as { input: typeof documentInput; output?: DraftPresenceView };

/** The API methods of the drafts' live rooms (collaborative editing through the hub, presence). */
export const draftRoomContract = {
  /** Joins the draft's room on the hub (call when an editor opens the draft). */
  joinDraftRoom: presenceMethod,
  /** Leaves it (the editor closed). */
  leaveDraftRoom: presenceMethod,
  /** Who else is in the room now. */
  draftPresence: presenceMethod,
} as const;

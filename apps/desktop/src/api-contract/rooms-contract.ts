import { z } from 'zod';
import { method } from './method-spec';
import type { ColleagueView } from './views';

/**
 * A place in the body as a Yjs relative position (`Y.relativePositionToJSON`): it stays on the
 * same character while others type before it, and means the same in every copy of the draft.
 */
const itemId = z.object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() }).strict();
export const relativePositionSchema = z
  .object({
    type: itemId.optional(),
    tname: z.string().max(100).optional(),
    item: itemId.optional(),
    assoc: z.number().int().min(-1).max(1).optional(),
  })
  .strict();
export type RelativePositionJson = z.infer<typeof relativePositionSchema>;

/** A person's caret or selection in the body: from `anchor` to `head` (the same for a caret). */
export const bodyCursorSchema = z.object({ anchor: relativePositionSchema, head: relativePositionSchema }).strict();
export type BodyCursor = z.infer<typeof bodyCursorSchema>;

/** Someone else in the draft's room, with where they are in the body (when they are in it). */
export interface PresentPersonView {
  id: string;
  name: string;
  cursor: BodyCursor | null;
}

/** A draft's live room as the UI shows it (who else is editing; whether edits go out live). */
export interface DraftPresenceView {
  documentId: string;
  /**
   * online: edits go to colleagues as they are made; connecting / offline: they are kept and
   * merged when the room is reached again; refused: the hub does not let this session in (log
   * in again; or this person may not open the draft — not its drafter, a co-drafter or someone of
   * its flow — or it has not reached the hub yet); closed: not joined.
   */
  connection: 'connecting' | 'online' | 'offline' | 'refused' | 'closed';
  people: PresentPersonView[];
}

/** Who works on a draft (协同拟稿), as the hub records it: only they may open it besides the people of its flow. */
export interface DraftPeopleView {
  documentId: string;
  /** 拟稿人: whose push first brought the draft to the hub. */
  drafter: ColleagueView;
  /** 协同拟稿人 the drafter invited. */
  coDrafters: ColleagueView[];
  /** The signed-in person is the drafter and may invite colleagues. */
  mayInvite: boolean;
}

/** What an editor exchanges with the core's copy of the body: a Yjs update and the state it brings the editor to. */
export interface DraftUpdatesView {
  documentId: string;
  /** base64 Yjs update: what the core has that the given state vector lacks (empty update when nothing). */
  update: string;
  /** base64 Yjs state vector of the core's copy after the call. */
  stateVector: string;
}

const id = z.string().trim().min(1).max(200);
/** base64 of at most ~8 MB (a Yjs update or state vector). */
const base64 = z
  .string()
  .max(12_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
const documentInput = z.object({ documentId: id }).strict();

/** The API methods of the drafts' live editing: the editor's copy of the body, the room on the hub, presence. */
export const draftRoomContract = {
  /** Joins the draft's room on the hub (call when an editor opens the draft). */
  joinDraftRoom: method<DraftPresenceView>()(documentInput),
  /** Leaves it (the editor closed). */
  leaveDraftRoom: method<DraftPresenceView>()(documentInput),
  /** Who else is in the room now, and where their cursors are. */
  draftPresence: method<DraftPresenceView>()(documentInput),
  /** Sets (or, with null, clears) this person's cursor in the body, which the room shows to the others. */
  setDraftCursor: method<DraftPresenceView>()(
    z.object({ documentId: id, cursor: bodyCursorSchema.nullable() }).strict(),
  ),
  /**
   * An update the editor's own Y.Doc made (the person typed): applied to the draft, attributed
   * to the signed-in person, persisted, sent to the room and queued for the hub.
   */
  pushDraftUpdate: method<{ documentId: string; stateVector: string }>()(
    z.object({ documentId: id, update: base64 }).strict(),
  ),
  /** What the editor lacks: the core's changes (colleagues' edits from the room or a sync) since `stateVector`. */
  pullDraftUpdates: method<DraftUpdatesView>()(z.object({ documentId: id, stateVector: base64 }).strict()),
  /** The draft's drafter and co-drafters (the draft is synced to the hub first). */
  draftPeople: method<DraftPeopleView>()(documentInput),
  /** 协同拟稿: the drafter invites colleagues (ids from listColleagues) to open and edit the draft with them. */
  inviteCoDrafters: method<DraftPeopleView>()(
    z.object({ documentId: id, userIds: z.array(id).min(1).max(100) }).strict(),
  ),
} as const;

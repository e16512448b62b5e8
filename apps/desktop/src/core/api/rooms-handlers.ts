import type { draftRoomContract } from '../../api-contract/rooms-contract';
import type { DesktopCore } from '../core';
import { draftPeople, inviteCoDrafters } from '../drafts/co-drafters';
import { getDocument } from '../store/documents';
import type { Handler } from './table';

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function updatesView(core: DesktopCore, documentId: string, stateVector: Uint8Array) {
  const diff = core.bodies.diff(documentId, stateVector);
  return { documentId, update: base64(diff.update), stateVector: base64(diff.stateVector) };
}

/**
 * The live-editing methods: the signed-in person joins and leaves the draft's room, asks who
 * else is there, shows their cursor, and the editor's Y.Doc exchanges updates with the core's.
 */
export const draftRoomHandlers: { [M in keyof typeof draftRoomContract]: Handler<M> } = {
  joinDraftRoom: (core, input) => {
    const person = core.accounts.requireCurrent();
    getDocument(core.context, input.documentId);
    return core.rooms.join(input.documentId, { id: person.id, name: person.name });
  },
  leaveDraftRoom: (core, input) => {
    core.accounts.requireCurrent();
    return core.rooms.leave(input.documentId);
  },
  draftPresence: (core, input) => {
    core.accounts.requireCurrent();
    return core.rooms.presence(input.documentId);
  },
  setDraftCursor: (core, input) => {
    core.accounts.requireCurrent();
    return core.rooms.setCursor(input.documentId, input.cursor);
  },
  pushDraftUpdate: (core, input) => {
    const person = core.accounts.requireCurrent();
    core.bodies.apply(input.documentId, Buffer.from(input.update, 'base64'), person, 'local');
    return { documentId: input.documentId, stateVector: base64(core.bodies.stateVector(input.documentId)) };
  },
  pullDraftUpdates: (core, input) => {
    core.accounts.requireCurrent();
    return updatesView(core, input.documentId, Buffer.from(input.stateVector, 'base64'));
  },
  draftPeople: (core, input) => draftPeople(core, input.documentId),
  inviteCoDrafters: (core, input) => inviteCoDrafters(core, input.documentId, input.userIds),
};

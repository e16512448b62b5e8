import type { draftRoomContract } from '../../api-contract/rooms-contract';
import { getDocument } from '../store/documents';
import type { Handler } from './table';

/** The live-room methods: the signed-in person joins, leaves and asks who else is there. */
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
};

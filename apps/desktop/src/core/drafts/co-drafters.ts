import { HubClient, type DraftPeopleView as HubDraftPeople } from '@oa/exchange-server';
import type { DraftPeopleView } from '../../api-contract';
import { colleagueNamer } from '../accounts/colleagues';
import type { DesktopCore } from '../core';
import { desktopError } from '../errors';
import { getDocument } from '../store/documents';

/**
 * 协同拟稿 (docs/sync.md "Who may open a draft"): on the hub a draft opens only to its drafter,
 * the co-drafters the drafter invited and the people of its flow. The drafter invites colleagues
 * here; the hub records it, and the invited person's next sync brings the draft from its start.
 * Both calls sync first, so the hub has the draft (its first push makes this person its drafter).
 */
export async function draftPeople(core: DesktopCore, documentId: string): Promise<DraftPeopleView> {
  const hub = await hubWithDraft(core, documentId);
  return view(core, await hub.draftPeople(documentId));
}

export async function inviteCoDrafters(
  core: DesktopCore,
  documentId: string,
  userIds: readonly string[],
): Promise<DraftPeopleView> {
  const hub = await hubWithDraft(core, documentId);
  return view(core, await hub.inviteCoDrafters(documentId, userIds));
}

async function hubWithDraft(core: DesktopCore, documentId: string): Promise<HubClient> {
  core.accounts.requireCurrent();
  getDocument(core.context, documentId);
  const session = core.accounts.hubSession();
  if (session === null) throw desktopError('CO_DRAFTING_NEEDS_HUB_LOGIN');
  const status = await core.sync.syncNow();
  if (status.lastError !== null && status.connection !== 'online') {
    throw desktopError('CO_DRAFTING_NOT_SYNCED', { reason: status.lastError.zh, reasonEn: status.lastError.en });
  }
  return new HubClient(session.url, session.token);
}

function view(core: DesktopCore, people: HubDraftPeople): DraftPeopleView {
  const named = colleagueNamer(core.context);
  const me = core.accounts.requireCurrent();
  return {
    documentId: people.documentId,
    drafter: named(people.drafter),
    coDrafters: people.coDrafters.map(named),
    mayInvite: people.drafter.id === me.id,
  };
}

import { HubClient } from '@oa/exchange-server';
import { adminCredentials, spawnScratchHub, testAgencies, type HubProcess } from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeApi } from '../api/invoke';
import { apiErrorCode, callApi, coreSet, noticeDraft, unlockedAs } from '../test-support';
import type { DraftPeopleView, DraftPresenceView, DocumentView } from '../../api-contract';
import type { DesktopCore } from '../core';

const password = 'co-drafting-password-2026';
let hub: HubProcess;
const laptops = coreSet();

beforeAll(async () => {
  hub = await spawnScratchHub();
  const admin = new HubClient(hub.url);
  await admin.login(adminCredentials.username, adminCredentials.password);
  const city = testAgencies.city;
  await admin.registerAgency({ code: city.code, name: city.name, level: city.level });
  for (const username of ['wangfang', 'zhouli', 'chengang']) {
    await admin.createUser({ username, password, memberships: [{ agencyCode: city.code, role: 'operator' }] });
  }
}, 60_000);
afterAll(async () => {
  laptops.cleanup();
  await hub?.stop();
});

/** A laptop with `login` logged in online (each person on their own computer). */
async function laptopOf(login: string, displayName: string): Promise<DesktopCore & { personId: string }> {
  const core = laptops.open();
  const account = await callApi<{ id: string }>(core, 'loginWithHub', {
    hubUrl: hub.url,
    login,
    password,
    displayName,
    roles: ['drafter', 'reviewer'],
  });
  return Object.assign(core, { personId: account.id });
}

const hasDraft = (core: DesktopCore, id: string) =>
  core.context.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) !== undefined;

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('协同拟稿: the drafter invites colleagues to a draft', () => {
  it('keeps the draft from colleagues until they are invited; then they sync it and edit it live', async () => {
    const wang = await laptopOf('wangfang', '王芳');
    const zhou = await laptopOf('zhouli', '周丽');
    const chen = await laptopOf('chengang', '陈刚');
    const draft = await callApi<DocumentView>(wang, 'createDraft', { document: noticeDraft() });

    // Not invited: 周丽's sync does not bring the draft, and its room refuses her.
    for (const other of [zhou, chen]) await other.sync.syncNow();
    await wang.sync.syncNow();
    for (const other of [zhou, chen]) {
      await other.sync.syncNow();
      expect(hasDraft(other, draft.id)).toBe(false);
    }

    const before = await callApi<DraftPeopleView>(wang, 'draftPeople', { documentId: draft.id });
    expect(before).toMatchObject({
      drafter: { id: wang.personId, login: 'wangfang' },
      coDrafters: [],
      mayInvite: true,
    });
    const invited = await callApi<DraftPeopleView>(wang, 'inviteCoDrafters', {
      documentId: draft.id,
      userIds: [zhou.personId],
    });
    expect(invited.coDrafters).toEqual([{ id: zhou.personId, login: 'zhouli', name: 'zhouli', department: null }]);

    // 周丽's next sync brings the draft from its start; 陈刚's still does not.
    await zhou.sync.syncNow();
    await chen.sync.syncNow();
    expect(hasDraft(zhou, draft.id)).toBe(true);
    expect(hasDraft(chen, draft.id)).toBe(false);
    expect(zhou.bodies.blocks(draft.id)).toEqual(wang.bodies.blocks(draft.id));
    const seen = await callApi<DraftPeopleView>(zhou, 'draftPeople', { documentId: draft.id });
    expect(seen).toMatchObject({ drafter: { id: wang.personId, login: 'wangfang' }, mayInvite: false });
    // Only the drafter invites; someone who may not open the draft hears it does not exist.
    expect(await apiErrorCode(zhou, 'inviteCoDrafters', { documentId: draft.id, userIds: [chen.personId] })).toBe(
      'DRAFT_NOT_DRAFTER',
    );

    // Both in the draft's room: 周丽's edit reaches 王芳 live; 陈刚 is refused.
    await callApi(wang, 'joinDraftRoom', { documentId: draft.id });
    await callApi(zhou, 'joinDraftRoom', { documentId: draft.id });
    await until(async () => {
      const view = await callApi<DraftPresenceView>(wang, 'draftPresence', { documentId: draft.id });
      return view.people.some((person) => person.name === '周丽');
    });
    zhou.bodies.edit(draft.id, { id: zhou.personId, name: '周丽' }, { index: 0, deleteCount: 0, insert: '【周丽】' });
    await until(() => wang.bodies.blocks(draft.id)[0]!.text.startsWith('【周丽】'));
    // 陈刚 has no copy of the draft to open (the hub refusing his room is tested on the hub).
    expect(await apiErrorCode(chen, 'joinDraftRoom', { documentId: draft.id })).toBe('DOC_NOT_FOUND');
    await callApi(wang, 'leaveDraftRoom', { documentId: draft.id });
    await callApi(zhou, 'leaveDraftRoom', { documentId: draft.id });
  }, 60_000);

  it('refuses a person without an online login, with a typed error', async () => {
    const core = laptops.open();
    await unlockedAs(core, 'offline-only', '离线用户');
    const draft = await callApi<DocumentView>(core, 'createDraft', { document: noticeDraft() });
    const response = await invokeApi(core, 'draftPeople', { documentId: draft.id });
    expect(response.ok ? undefined : response.error.code).toBe('CO_DRAFTING_NEEDS_HUB_LOGIN');
  });
});

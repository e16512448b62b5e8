import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { SyncOp, SyncPullResponse, SyncPushResponse } from '@oa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../client/hub-client';
import { adminCredentials, scratchStorage, tokenSecret, type ScratchStorage } from '../test-support/hub';
import { testAgencies } from '../test-support/pki';
import { spawnHub, type HubProcess } from '../test-support/process';
import { RoomTestPeer } from '../test-support/rooms';

const password = 'draft-access-password-2026';
const env = {
  OA_HUB_ADMIN_USER: adminCredentials.username,
  OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  OA_HUB_TOKEN_SECRET: tokenSecret,
};

interface Member {
  token: string;
  /** The session subject (`user:<id>`): the person's id in workflows. */
  id: string;
  name: string;
}

async function call<T>(url: string, token: string, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as T & { code?: string; message?: { zh: string; en: string } },
  };
}
const push = async (url: string, member: Member, ops: SyncOp[]) =>
  (await call<SyncPushResponse>(url, member.token, 'POST', '/v1/sync/push', { deviceId: ops[0]!.deviceId, ops })).body;
const pull = async (url: string, member: Member, after = '') =>
  (await call<SyncPullResponse>(url, member.token, 'GET', `/v1/sync/pull?after=${after}`)).body;
const statuses = (answer: SyncPushResponse) =>
  answer.results.map((result) => (result.status === 'rejected' ? result.code : result.status));

const base = (member: Member) => ({
  opId: randomUUID(),
  deviceId: `laptop-${member.name}`,
  actorId: member.id,
  createdAt: new Date().toISOString(),
});
const save = (member: Member, documentId: string, revision: number): SyncOp => ({
  ...base(member),
  type: 'document.save',
  documentId,
  revision,
  document: { kind: '通知', title: '关于做好今冬防汛工作的通知' },
});
const bodyUpdate = (member: Member, documentId: string, text: string): SyncOp => {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return {
    ...base(member),
    type: 'draft.update',
    documentId,
    update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
  };
};
const command = (member: Member, documentId: string, body: Record<string, unknown>): SyncOp => ({
  ...base(member),
  type: 'workflow.command',
  instanceId: `wf-${documentId}`,
  documentId,
  baseVersion: 0,
  command: body,
});
const actor = (member: Member, roles: string[]) => ({ id: member.id, name: member.name, roles });
const person = (member: Member) => ({ id: member.id, name: member.name });

/** The room's answer to `member`: the body once it holds `expected` (let in), or the refusal. */
async function roomAnswer(
  url: string,
  member: Member,
  documentId: string,
  expected = '',
): Promise<{ closed?: { code: number; reason: string }; text?: string }> {
  const peer = new RoomTestPeer(url, member.token, documentId);
  const outcome: { closed?: { code: number; reason: string }; text?: string } = await Promise.race([
    peer.closed.then((closed) => ({ closed })),
    peer.until(() => expected !== '' && peer.text.includes(expected), 8_000).then(() => ({ text: peer.text })),
  ]);
  if (outcome.text !== undefined) await peer.close();
  return outcome;
}

describe.each(['sqlite', 'postgres'] as const)('drafts opened per person on %s', (backend) => {
  let scratch: ScratchStorage | undefined;
  let hubs: HubProcess[] = [];
  let zhang: Member; // drafts
  let li: Member; // a colleague, invited later
  let wang: Member; // a colleague, given a task later
  let zhao: Member; // a colleague who never gets access
  let county: Member; // another agency

  beforeAll(async () => {
    scratch = await scratchStorage(backend, 'oa-hub-access-');
    const { args } = scratch;
    // On PostgreSQL two processes share the database: what one records, the other enforces.
    for (let i = 0; i < (backend === 'postgres' ? 2 : 1); i++) {
      hubs.push(await spawnHub([...args, '--log-level', 'warn'], env));
    }
    const admin = new HubClient(hubs[0]!.url);
    await admin.login(adminCredentials.username, adminCredentials.password);
    for (const key of ['city', 'county'] as const) {
      const agency = testAgencies[key];
      await admin.registerAgency({ code: agency.code, name: agency.name, level: agency.level });
    }
    const member = async (username: string, name: string, key: 'city' | 'county'): Promise<Member> => {
      await admin.createUser({
        username,
        password,
        memberships: [{ agencyCode: testAgencies[key].code, role: 'viewer' }],
      });
      const session = await new HubClient(hubs[0]!.url).login(username, password);
      return { token: session.token, id: session.subject, name };
    };
    zhang = await member('zhangsan', '张三', 'city');
    li = await member('lisi', '李四', 'city');
    wang = await member('wangwu', '王五', 'city');
    zhao = await member('zhaoliu', '赵六', 'city');
    county = await member('county-staff', '县办人员', 'county');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await scratch?.dispose();
    hubs = [];
  });

  it('keeps a draft to its drafter until they invite a colleague, who then gets it from its start', async () => {
    const [first, last] = [hubs[0]!.url, hubs.at(-1)!.url];
    const documentId = `draft-${randomUUID()}`;
    const text = '为切实做好今冬防汛工作，现通知如下。';
    const cursorOf = { li: (await pull(first, li)).cursor, zhao: (await pull(first, zhao)).cursor };
    expect(
      statuses(await push(first, zhang, [save(zhang, documentId, 1), bodyUpdate(zhang, documentId, text)])),
    ).toEqual(['accepted', 'accepted']);
    // The drafter types in the draft's room.
    const drafting = new RoomTestPeer(first, zhang.token, documentId);
    await drafting.opened;
    drafting.doc.getText('body').insert(0, text);

    // A colleague of the same agency not on the draft: as if it did not exist.
    for (const outsider of [li, zhao, county]) {
      const refused = await roomAnswer(last, outsider, documentId);
      expect(refused).toMatchObject({ closed: { code: 4403 } });
      expect(refused.closed?.reason).toMatch(/^DRAFT_NOT_ACCESSIBLE/);
      expect((await pull(last, outsider)).ops.some((op) => op.documentId === documentId)).toBe(false);
      const pushed = await push(last, outsider, [
        bodyUpdate(outsider, documentId, '越权写入'),
        save(outsider, documentId, 9),
      ]);
      expect(statuses(pushed)).toEqual(['DRAFT_NOT_ACCESSIBLE', 'DRAFT_NOT_ACCESSIBLE']);
      const people = await call(last, outsider.token, 'GET', `/v1/drafts/${documentId}/people`);
      const missing = await call(last, outsider.token, 'GET', `/v1/drafts/draft-${randomUUID()}/people`);
      expect([people.status, people.body.code]).toEqual([404, 'DRAFT_NOT_ACCESSIBLE']);
      expect(people.body).toEqual(missing.body);
    }
    const invitedByOutsider = await call(first, li.token, 'POST', `/v1/drafts/${documentId}/co-drafters`, {
      userIds: [li.id],
    });
    expect([invitedByOutsider.status, invitedByOutsider.body.code]).toEqual([404, 'DRAFT_NOT_ACCESSIBLE']);
    // The drafter cannot invite someone of another agency.
    const stranger = await call(first, zhang.token, 'POST', `/v1/drafts/${documentId}/co-drafters`, {
      userIds: [county.id],
    });
    expect([stranger.status, stranger.body.code]).toEqual([422, 'DRAFT_NOT_COLLEAGUE']);
    expect(stranger.body.message?.zh).toContain('本单位');

    // 张三 invites 李四 (协同拟稿) on the other process.
    const invited = await call<{ coDrafters: { id: string; username: string }[] }>(
      last,
      zhang.token,
      'POST',
      `/v1/drafts/${documentId}/co-drafters`,
      { userIds: [li.id] },
    );
    expect(invited.status).toBe(200);
    expect(invited.body.coDrafters).toEqual([{ id: li.id, username: 'lisi' }]);
    // 李四's next pull after his old cursor brings the draft from its start; 赵六's does not.
    const caughtUp = await pull(first, li, cursorOf.li);
    expect(caughtUp.ops.filter((op) => op.documentId === documentId).map((op) => op.type)).toEqual([
      'document.save',
      'draft.update',
    ]);
    expect((await pull(first, li, caughtUp.cursor)).ops).toEqual([]);
    expect((await pull(first, zhao, cursorOf.zhao)).ops.some((op) => op.documentId === documentId)).toBe(false);
    const coDrafting = new RoomTestPeer(last, li.token, documentId);
    await coDrafting.until(() => coDrafting.text === text);
    coDrafting.doc.getText('body').insert(text.length, '李四在房间里补充。');
    await coDrafting.close();
    expect(statuses(await push(last, li, [bodyUpdate(li, documentId, '李四补充。')]))).toEqual(['accepted']);
    const people = await call<{ drafter: { id: string } }>(first, li.token, 'GET', `/v1/drafts/${documentId}/people`);
    expect(people.body.drafter.id).toBe(zhang.id);
    // Only the drafter invites.
    const byCoDrafter = await call(first, li.token, 'POST', `/v1/drafts/${documentId}/co-drafters`, {
      userIds: [zhao.id],
    });
    expect([byCoDrafter.status, byCoDrafter.body.code]).toEqual([403, 'DRAFT_NOT_DRAFTER']);
    expect((await roomAnswer(first, zhao, documentId)).closed?.code).toBe(4403);
    await drafting.until(() => drafting.text.includes('李四在房间里补充。'));
    await drafting.close();
  }, 90_000);

  it('opens the draft to the person its flow names, and to nobody else', async () => {
    const [first, last] = [hubs[0]!.url, hubs.at(-1)!.url];
    const documentId = `draft-${randomUUID()}`;
    const text = '请各单位于12月1日前报送防汛责任人名单。';
    const wangCursor = (await pull(first, wang)).cursor;
    const at = new Date().toISOString();
    const started = command(zhang, documentId, {
      kind: 'start',
      definitionId: 'outgoing-default',
      definitionVersion: 1,
      input: { actor: actor(zhang, ['drafter']), at },
    });
    expect(
      statuses(await push(first, zhang, [save(zhang, documentId, 1), bodyUpdate(zhang, documentId, text), started])),
    ).toEqual(['accepted', 'accepted', 'accepted']);
    const drafting = new RoomTestPeer(first, zhang.token, documentId);
    await drafting.opened;
    drafting.doc.getText('body').insert(0, text);
    expect((await roomAnswer(last, wang, documentId)).closed?.code).toBe(4403);
    expect((await pull(last, wang, wangCursor)).ops.some((op) => op.documentId === documentId)).toBe(false);

    // 拟稿 done, 核稿 given to 王五 by name.
    const toReview = command(zhang, documentId, {
      kind: 'action',
      action: {
        type: 'complete',
        stepId: 'draft',
        actor: actor(zhang, ['drafter']),
        at,
        opinion: '请审核。',
        next: { assignees: [person(wang)] },
      },
    });
    expect(statuses(await push(last, zhang, [toReview]))).toEqual(['accepted']);
    const handed = await pull(first, wang, wangCursor);
    expect(handed.ops.filter((op) => op.documentId === documentId).map((op) => op.type)).toEqual([
      'document.save',
      'draft.update',
      'workflow.command',
      'workflow.command',
    ]);
    expect(handed.instances).toEqual([
      expect.objectContaining({ documentId, state: expect.objectContaining({ currentStepId: 'review' }) }),
    ]);
    expect((await roomAnswer(last, wang, documentId, text)).text).toBe(text);
    const reviewed = command(wang, documentId, {
      kind: 'action',
      action: {
        type: 'complete',
        stepId: 'review',
        actor: actor(wang, ['reviewer']),
        at,
        opinion: '同意。',
        next: { assignees: [person(zhang)] },
      },
    });
    expect(statuses(await push(first, wang, [bodyUpdate(wang, documentId, '王五修改。'), reviewed]))).toEqual([
      'accepted',
      'accepted',
    ]);
    // Having held the task, 王五 keeps the draft; 赵六 and the other agency never had it.
    expect((await roomAnswer(first, wang, documentId, text)).text).toBe(text);
    await drafting.close();
    // 赵六 cannot act on the draft's flow by naming a document of his own.
    const disguised = command(zhao, `draft-${randomUUID()}`, {
      kind: 'action',
      action: { type: 'complete', stepId: 'draft', actor: actor(zhao, ['drafter']), at, opinion: '越权办理。' },
    });
    expect(statuses(await push(first, zhao, [{ ...disguised, instanceId: `wf-${documentId}` } as SyncOp]))).toEqual([
      'DRAFT_NOT_ACCESSIBLE',
    ]);
    for (const outsider of [zhao, county]) {
      expect((await roomAnswer(last, outsider, documentId)).closed?.code).toBe(4403);
      expect((await pull(first, outsider)).ops.some((op) => op.documentId === documentId)).toBe(false);
      expect(statuses(await push(first, outsider, [bodyUpdate(outsider, documentId, '越权')]))).toEqual([
        'DRAFT_NOT_ACCESSIBLE',
      ]);
    }
  }, 90_000);

  it("opens the draft to the agency's people while its open step is given to a role, from its start", async () => {
    const url = hubs.at(-1)!.url;
    const documentId = `draft-${randomUUID()}`;
    const zhaoCursor = (await pull(url, zhao)).cursor;
    const at = new Date().toISOString();
    const ops = [
      save(zhang, documentId, 1),
      command(zhang, documentId, {
        kind: 'start',
        definitionId: 'outgoing-default',
        definitionVersion: 1,
        input: { actor: actor(zhang, ['drafter']), at },
      }),
    ];
    expect(statuses(await push(url, zhang, ops))).toEqual(['accepted', 'accepted']);
    const afterStart = await pull(url, zhao, zhaoCursor);
    expect(afterStart.ops.some((op) => op.documentId === documentId)).toBe(false);
    // 拟稿 done without naming anyone: 核稿 goes to whoever holds the reviewer role (按角色).
    const toRole = command(zhang, documentId, {
      kind: 'action',
      action: { type: 'complete', stepId: 'draft', actor: actor(zhang, ['drafter']), at, opinion: '请核稿。' },
    });
    expect(statuses(await push(hubs[0]!.url, zhang, [toRole]))).toEqual(['accepted']);
    const handed = await pull(url, zhao, afterStart.cursor);
    expect(handed.ops.filter((op) => op.documentId === documentId).map((op) => op.opId)).toEqual([
      ...ops.map((op) => op.opId),
      toRole.opId,
    ]);
    expect((await pull(url, county)).ops.some((op) => op.documentId === documentId)).toBe(false);
  }, 60_000);
});

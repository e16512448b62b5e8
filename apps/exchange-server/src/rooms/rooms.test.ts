import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { SyncOp, SyncPullResponse, SyncPushResponse } from '@oa/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../client/hub-client';
import type { SqlDriver } from '../storage/driver';
import { openStorage } from '../storage/open';
import { adminCredentials, scratchStorage, tokenSecret, type ScratchStorage } from '../test-support/hub';
import { spawnHub, type HubProcess } from '../test-support/process';
import { registerMembers, RoomTestPeer } from '../test-support/rooms';

const password = 'room-member-password-2026';
const env = {
  OA_HUB_ADMIN_USER: adminCredentials.username,
  OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  OA_HUB_TOKEN_SECRET: tokenSecret,
};

async function push(url: string, token: string, ops: SyncOp[]) {
  const response = await fetch(`${url}/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ deviceId: ops[0]!.deviceId, ops }),
  });
  return (await response.json()) as SyncPushResponse;
}
const base = (deviceId: string) => ({
  opId: randomUUID(),
  deviceId,
  actorId: 'u-zhang',
  createdAt: new Date().toISOString(),
});
const saveOp = (deviceId: string, documentId: string, revision = 1): SyncOp => ({
  ...base(deviceId),
  type: 'document.save',
  documentId,
  revision,
  document: { kind: '通知', title: '关于做好冬季安全生产工作的通知' },
});
const updateOp = (deviceId: string, documentId: string): SyncOp => {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, '越权写入');
  return {
    ...base(deviceId),
    type: 'draft.update',
    documentId,
    update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
  };
};
const names = (peer: RoomTestPeer) =>
  [...peer.awareness.getStates().entries()]
    .filter(([client]) => client !== peer.awareness.clientID)
    .map(([, state]) => (state as { user?: { name?: string } }).user?.name);

describe.each(['sqlite', 'postgres'] as const)('Yjs rooms of drafts on %s', (backend) => {
  let scratch: ScratchStorage;
  let args: string[];
  let hubs: HubProcess[] = [];
  let inspect: SqlDriver;
  let tokens: { city: string; county: string };
  const rows = async (documentId: string) =>
    inspect.all<{ compacted: number }>('SELECT compacted FROM draft_room_updates WHERE document_id = ?', [documentId]);
  const startHubs = async () => {
    // On PostgreSQL two processes share the database: peers of one room on either meet.
    const count = backend === 'postgres' ? 2 : 1;
    for (let i = 0; i < count; i++) hubs.push(await spawnHub([...args, '--log-level', 'warn'], env));
  };

  beforeAll(async () => {
    scratch = await scratchStorage(backend, 'oa-hub-rooms-');
    args = scratch.args;
    await startHubs();
    tokens = await registerMembers(hubs[0]!.url, ['city', 'county'], password);
    inspect = (await openStorage(scratch.storage)).driver;
  }, 60_000);
  afterAll(async () => {
    await inspect?.close();
    await Promise.all(hubs.map((hub) => hub.stop()));
    await scratch?.dispose();
    hubs = [];
  });

  it('lets members of the drafting agency edit a body live, shows who is in the room, and keeps the body across restarts', async () => {
    const documentId = `draft-${randomUUID()}`;
    expect((await push(hubs[0]!.url, tokens.city, [saveOp('laptop-1', documentId)])).results[0]?.status).toBe(
      'accepted',
    );
    const zhang = new RoomTestPeer(hubs[0]!.url, tokens.city, documentId);
    const li = new RoomTestPeer(hubs.at(-1)!.url, tokens.city, documentId);
    zhang.awareness.setLocalStateField('user', { id: 'u-zhang', name: '张三' });
    li.awareness.setLocalStateField('user', { id: 'u-li', name: '李四' });
    await zhang.until(() => names(zhang).includes('李四'));
    await li.until(() => names(li).includes('张三'));

    zhang.doc.getText('body').insert(0, '为切实做好今冬明春安全生产工作，现通知如下。\n');
    await li.until(() => li.text === zhang.text);
    li.doc.getText('body').insert(2, '进一步');
    li.doc.getText('body').delete(li.text.length - 4, 3);
    await zhang.until(() => zhang.text === li.text);
    expect(zhang.text).toBe('为切进一步实做好今冬明春安全生产工作，现通知\n');

    // 李四 leaves: 张三 no longer sees him.
    await li.close();
    await zhang.until(() => !names(zhang).includes('李四'));
    const expected = zhang.text;
    await zhang.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rows(documentId)).length).toBeGreaterThan(0);

    // Every hub process restarts: the body comes back from storage.
    await Promise.all(hubs.splice(0).map((hub) => hub.stop()));
    await startHubs();
    const later = new RoomTestPeer(hubs.at(-1)!.url, tokens.city, documentId);
    await later.until(() => later.text === expected);
    await later.close();
  }, 60_000);

  it('merges a peer that worked offline and compacts the stored updates', async () => {
    const documentId = `draft-${randomUUID()}`;
    await push(hubs[0]!.url, tokens.city, [saveOp('laptop-1', documentId)]);
    const online = new RoomTestPeer(hubs[0]!.url, tokens.city, documentId);
    await online.opened;
    // One update per keystroke, each stored.
    for (let i = 0; i < 150; i++) online.doc.getText('body').insert(i, String(i % 10));
    // An offline copy of the same draft, edited apart, then joining.
    const offline = new Y.Doc({ gc: false });
    offline.getText('body').insert(0, '离线修改。');
    const joining = new RoomTestPeer(hubs.at(-1)!.url, tokens.city, documentId);
    Y.applyUpdate(joining.doc, Y.encodeStateAsUpdate(offline));
    await online.until(() => online.text.length === 155 && online.text === joining.text);
    expect(online.text).toContain('离线修改。');
    await online.close();
    await joining.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await rows(documentId);
    // About 150 updates arrived; past 100 rows they were merged into one.
    expect(stored.some((row) => Number(row.compacted) === 1)).toBe(true);
    expect(stored.length).toBeLessThanOrEqual(101);
    const reader = new RoomTestPeer(hubs[0]!.url, tokens.city, documentId);
    await reader.until(() => reader.text.length === 155);
    await reader.close();
  }, 30_000);

  it("keeps another agency out: it cannot join a draft's room, pull its operations or push to it", async () => {
    const url = hubs[0]!.url;
    const documentId = `draft-${randomUUID()}`;
    const saved = saveOp('laptop-city', documentId);
    await push(url, tokens.city, [saved]);
    const member = new RoomTestPeer(url, tokens.city, documentId);
    member.doc.getText('body').insert(0, '内部文稿正文。');

    const intruder = new RoomTestPeer(url, tokens.county, documentId);
    expect((await intruder.closed).code).toBe(4403);
    expect(intruder.text).toBe('');
    const anonymous = new RoomTestPeer(url, undefined, documentId);
    expect((await anonymous.closed).code).toBe(4401);
    const adminToken = (await new HubClient(url).login(adminCredentials.username, adminCredentials.password)).token;
    expect((await new RoomTestPeer(url, adminToken, documentId).closed).code).toBe(4403);
    expect((await new RoomTestPeer(url, tokens.city, `draft-${randomUUID()}`).closed).code).toBe(4403);

    // Its pull never carries the draft's ops; its pushes on the draft are refused.
    const pulled = (await (
      await fetch(`${url}/v1/sync/pull?after=0&limit=1000`, { headers: { authorization: `Bearer ${tokens.county}` } })
    ).json()) as SyncPullResponse;
    expect(pulled.ops.some((op) => op.documentId === documentId)).toBe(false);
    const pushed = await push(url, tokens.county, [
      updateOp('laptop-county', documentId),
      saveOp('laptop-county', documentId, 9),
    ]);
    expect(pushed.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'DRAFT_NOT_ACCESSIBLE',
      'DRAFT_NOT_ACCESSIBLE',
    ]);
    const cityOps = (await (
      await fetch(`${url}/v1/sync/pull?after=0&limit=1000`, { headers: { authorization: `Bearer ${tokens.city}` } })
    ).json()) as SyncPullResponse;
    expect(cityOps.ops.filter((op) => op.documentId === documentId).map((op) => op.opId)).toEqual([saved.opId]);

    // A member sending something that is not the protocol is disconnected; the room survives.
    const garbage = new RoomTestPeer(url, tokens.city, documentId);
    await garbage.until(() => garbage.text === '内部文稿正文。');
    garbage.send(new Uint8Array([7, 1, 2, 3]));
    expect((await garbage.closed).code).toBe(4400);
    await member.close();
  }, 30_000);
});

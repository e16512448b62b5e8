import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncOp, SyncPullResponse, SyncPushResponse } from '@oa/shared';
import { HubClient } from '../client/hub-client';
import { adminCredentials, scratchStorage, tokenSecret, type ScratchStorage } from '../test-support/hub';
import { registerMembers } from '../test-support/rooms';
import { spawnHub, type HubProcess } from '../test-support/process';

const password = 'sync-user-password-2026';
const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, 1 + hour)).toISOString();
const drafter = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const reviewer = { id: 'u-li', name: '李四', roles: ['reviewer'] };

function op(deviceId: string, actorId: string, instanceId: string, command: Record<string, unknown>): SyncOp {
  return {
    type: 'workflow.command',
    opId: randomUUID(),
    deviceId,
    actorId,
    createdAt: at(0),
    instanceId,
    documentId: `doc-${instanceId}`,
    baseVersion: 0,
    command,
  };
}
const startOp = (device: string, instanceId: string) =>
  op(device, drafter.id, instanceId, {
    kind: 'start',
    definitionId: 'outgoing-default',
    definitionVersion: 1,
    input: { actor: drafter, at: at(0) },
  });
const toReviewer = { next: { assignees: [{ id: reviewer.id, name: reviewer.name }] } };
const completeOp = (
  device: string,
  instanceId: string,
  actor: typeof drafter,
  stepId: string,
  opinion: string,
  next: Record<string, unknown> = stepId === 'draft' ? toReviewer : {},
) =>
  op(device, actor.id, instanceId, {
    kind: 'action',
    action: { type: 'complete', stepId, actor, at: at(1), opinion, ...next },
  });

async function call<T>(url: string, token: string | undefined, method: string, route: string, body?: unknown) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T & { code?: string } };
}
const push = (url: string, token: string, deviceId: string, ops: SyncOp[]) =>
  call<SyncPushResponse>(url, token, 'POST', '/v1/sync/push', { deviceId, ops });
const pull = (url: string, token: string, after = '', device?: string) =>
  call<SyncPullResponse>(url, token, 'GET', `/v1/sync/pull?after=${after}${device ? `&device=${device}` : ''}`);

const env = {
  OA_HUB_ADMIN_USER: adminCredentials.username,
  OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  OA_HUB_TOKEN_SECRET: tokenSecret,
};

describe.each(['sqlite', 'postgres'] as const)('hub sync on %s', (backend) => {
  let scratch: ScratchStorage | undefined;
  let hubs: HubProcess[] = [];
  let tokens: { city: string; county: string };

  beforeAll(async () => {
    scratch = await scratchStorage(backend, 'oa-hub-sync-');
    const { args } = scratch;
    // On PostgreSQL two processes share the database, as behind a load balancer.
    const count = backend === 'postgres' ? 2 : 1;
    for (let i = 0; i < count; i++) hubs.push(await spawnHub([...args, '--log-level', 'warn'], env));
    tokens = await registerMembers(hubs[0]!.url, ['city', 'county'], password);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await scratch?.dispose();
    hubs = [];
  });

  it('accepts ops once, in one order, and replays a retried push as duplicates', async () => {
    const url = hubs[0]!.url;
    const ops = [startOp('laptop-1', 'wf-1'), completeOp('laptop-1', 'wf-1', drafter, 'draft', '请审核。')];
    const first = await push(url, tokens.city, 'laptop-1', ops);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    // The answer was lost; the client retries the same batch (on another process when there are two).
    const retry = await push(hubs.at(-1)!.url, tokens.city, 'laptop-1', ops);
    expect(retry.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const pulled = await pull(url, tokens.city);
    expect(pulled.body.ops.map((o) => o.opId)).toEqual(ops.map((o) => o.opId));
    expect(pulled.body.ops.map((o) => o.serverSeq)).toEqual([1, 2]);
    expect(pulled.body.instances[0]).toMatchObject({ instanceId: 'wf-1', version: 2 });
    expect((await pull(url, tokens.city, pulled.body.cursor)).body.ops).toEqual([]);
    // The device that pushed them gets the same cursor without its own ops; another device gets them.
    const own = await pull(url, tokens.city, '', 'laptop-1');
    expect(own.body).toMatchObject({ ops: [], instances: [], cursor: pulled.body.cursor, more: false });
    expect((await pull(url, tokens.city, '', 'laptop-2')).body.ops).toEqual(pulled.body.ops);
  });

  it('rejects the second of two actions on the same task with the reason and the hub state', async () => {
    const url = hubs[0]!.url;
    await push(url, tokens.city, 'laptop-1', [startOp('laptop-1', 'wf-2')]);
    const mine = completeOp('laptop-1', 'wf-2', drafter, 'draft', '第一次送审。');
    const theirs = completeOp('laptop-2', 'wf-2', drafter, 'draft', '另一台电脑上的送审。');
    expect((await push(url, tokens.city, 'laptop-1', [mine])).body.results[0]?.status).toBe('accepted');
    const second = await push(hubs.at(-1)!.url, tokens.city, 'laptop-2', [theirs]);
    const result = second.body.results[0]!;
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') {
      expect(result.code).toMatch(/^WF_/);
      expect(result.reason.zh.length).toBeGreaterThan(0);
    }
    expect(second.body.instances[0]).toMatchObject({ instanceId: 'wf-2', version: 2 });
    // Retrying the rejected op gives the same answer and changes nothing.
    const again = await push(url, tokens.city, 'laptop-2', [theirs]);
    expect(again.body.results[0]).toEqual(result);
    // A wrong role: a drafter cannot review.
    const wrongRole = completeOp('laptop-1', 'wf-2', drafter, 'review', '我来核稿。');
    expect((await push(url, tokens.city, 'laptop-1', [wrongRole])).body.results[0]).toMatchObject({
      status: 'rejected',
    });
  });

  it('judges each op of one batch on the state the ops before it left', async () => {
    const url = hubs[0]!.url;
    const save = (revision: number): SyncOp => ({
      type: 'document.save',
      opId: randomUUID(),
      deviceId: 'laptop-1',
      actorId: drafter.id,
      createdAt: at(0),
      documentId: 'doc-wf-b',
      revision,
      document: { title: `第${revision}版` },
    });
    const started = startOp('laptop-1', 'wf-b');
    const ops = [
      started,
      completeOp('laptop-1', 'wf-b', drafter, 'draft', '送审。'),
      completeOp('laptop-1', 'wf-b', drafter, 'draft', '再次送审。'),
      save(1),
      save(1),
      started,
    ];
    const answer = await push(url, tokens.city, 'laptop-1', ops);
    expect(answer.body.results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'accepted',
      'rejected',
      'duplicate',
    ]);
    expect(answer.body.results[4]).toMatchObject({ code: 'SYNC_DOCUMENT_STALE' });
    expect(answer.body.instances).toEqual([
      expect.objectContaining({
        instanceId: 'wf-b',
        version: 2,
        state: expect.objectContaining({ currentStepId: 'review' }),
      }),
    ]);
    // What the batch wrote is what the next push judges against.
    const next = await push(hubs.at(-1)!.url, tokens.city, 'laptop-1', [
      completeOp('laptop-1', 'wf-b', reviewer, 'review', '同意。'),
      save(2),
    ]);
    expect(next.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
  });

  it('keeps agencies apart: another agency pulls nothing and cannot act on the instances', async () => {
    const url = hubs[0]!.url;
    const county = await pull(url, tokens.county);
    expect(county.status).toBe(200);
    expect(county.body.ops).toEqual([]);
    const intrusion = await push(url, tokens.county, 'laptop-x', [
      completeOp('laptop-x', 'wf-1', reviewer, 'review', '越权。'),
    ]);
    expect(intrusion.body.results[0]).toMatchObject({ status: 'rejected', code: 'DRAFT_NOT_ACCESSIBLE' });
    expect((await pull(url, undefined as unknown as string)).status).toBe(401);
    const admin = new HubClient(url);
    const adminToken = (await admin.login(adminCredentials.username, adminCredentials.password)).token;
    const noAgency = await pull(url, adminToken);
    expect(noAgency.status).toBe(403);
    expect(noAgency.body.code).toBe('FORBIDDEN');
    expect((await pull(url, tokens.city, 'x')).body.code).toBe('SYNC_CURSOR_INVALID');
  });

  it('numbers concurrent pushes from several devices without gaps or repeats', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => `wf-c-${i}`);
    const before = (await pull(hubs[0]!.url, tokens.city)).body.cursor;
    await Promise.all(
      instances.map((id, i) =>
        push(hubs[i % hubs.length]!.url, tokens.city, `dev-${i}`, [
          startOp(`dev-${i}`, id),
          completeOp(`dev-${i}`, id, drafter, 'draft', '送审。'),
        ]),
      ),
    );
    const after = await pull(hubs[0]!.url, tokens.city, before);
    const seqs = after.body.ops.map((o) => o.serverSeq);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => Number(before) + 1 + i));
  });
});

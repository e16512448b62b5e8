import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@oa/shared';
import { adminCredentials, freePort, registerMembers, spawnHub, type HubProcess } from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../store/documents';
import { listOutbox } from '../store/outbox';
import { noticeDraft, tempCore } from '../test-support';
import { listTasks } from '../workflow/task-lists';
import { dismissConflict, listConflicts } from './conflicts';
import type { HubSession } from './transport';

const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li: Actor = { id: 'u-li', name: '李四', roles: ['reviewer'] };
const wang: Actor = { id: 'u-wang', name: '王五', roles: ['countersigner'] };
const zhao: Actor = { id: 'u-zhao', name: '赵六', roles: ['countersigner'] };
const chen: Actor = { id: 'u-chen', name: '陈局长', roles: ['leader'] };
const he: Actor = { id: 'u-he', name: '何副局长', roles: ['leader'] };
const person = ({ id, name }: Actor) => ({ id, name });
const password = 'laptop-user-password-2026';

let hub: HubProcess;
let dataDir: string;
const tokens: Record<'city' | 'county', string> = { city: '', county: '' };
let deadHub: string;

/** A laptop: its own data directory and a hub session it can lose (offline) and regain. */
function laptop(agency: 'city' | 'county') {
  const link: { session: HubSession | null } = { session: { url: hub.url, token: tokens[agency] } };
  const core = tempCore({ sync: { session: () => link.session } });
  return {
    core,
    offline: () => (link.session = { url: deadHub, token: tokens[agency] }),
    online: (url = hub.url) => (link.session = { url, token: tokens[agency] }),
    sync: () => core.sync.syncNow(),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oa-sync-hub-'));
  hub = await spawnHub(['--data-dir', dataDir, '--log-level', 'warn'], {
    OA_HUB_ADMIN_USER: adminCredentials.username,
    OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  });
  deadHub = `http://127.0.0.1:${await freePort()}`;
  Object.assign(tokens, await registerMembers(hub.url, ['city', 'county'], password));
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const stateOf = (core: ReturnType<typeof tempCore>, instanceId: string) => {
  const view = core.workflows.view(chen, instanceId);
  return { version: view.version, step: view.currentStepId, state: view.state };
};

describe('sync between laptops through a real hub', () => {
  it('runs an outgoing flow on two laptops, one offline for a while, and converges', async () => {
    const a = laptop('city');
    const b = laptop('city');
    try {
      // Laptop A: 张三 drafts and sends to 核稿.
      const doc = a.core.documents.createDraft(zhang, noticeDraft());
      const flow = a.core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
      a.core.workflows.act(zhang, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'draft', opinion: '请审核。', next: { assignees: [person(li)] } },
      });
      expect((await a.sync()).pendingOps).toBe(0);

      // Laptop B: 李四 receives the draft and the task.
      expect((await b.sync()).connection).toBe('online');
      expect(listTasks(b.core.context, li, 'todo', 10).map((t) => t.stepId)).toEqual(['review']);
      expect(b.core.bodies.blocks(doc.id)).toEqual(a.core.bodies.blocks(doc.id));

      // B goes offline: 李四 edits the body and sends it to two countersigners; the ops wait.
      b.offline();
      b.core.bodies.edit(doc.id, li, { index: 0, deleteCount: 2, insert: '为了' });
      b.core.workflows.act(li, {
        instanceId: flow.id,
        action: {
          type: 'complete',
          stepId: 'review',
          opinion: '改了开头。',
          next: { assignees: [person(wang), person(zhao)] },
        },
      });
      const offline = await b.sync();
      expect(offline).toMatchObject({ connection: 'offline', pendingOps: 2 });
      expect(b.core.sync.consecutiveFailures).toBe(1);
      await b.sync();
      expect(b.core.sync.consecutiveFailures).toBe(2);

      // A meanwhile sees nothing new.
      await a.sync();
      expect(stateOf(a.core, flow.id).step).toBe('review');

      // B back online: its work reaches the hub and A.
      b.online();
      expect(await b.sync()).toMatchObject({ connection: 'online', pendingOps: 0, openConflicts: 0 });
      await a.sync();
      expect(stateOf(a.core, flow.id).step).toBe('countersign');
      expect(a.core.bodies.blocks(doc.id)[0]?.text.startsWith('为了')).toBe(true);

      // Both countersign in parallel, each on their own laptop, both offline.
      a.offline();
      b.offline();
      a.core.workflows.act(wang, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'countersign', opinion: '王五同意。' },
      });
      b.core.workflows.act(zhao, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'countersign', opinion: '赵六同意。' },
      });
      a.online();
      b.online();
      await a.sync();
      await b.sync();
      await a.sync();
      expect(stateOf(a.core, flow.id)).toEqual(stateOf(b.core, flow.id));
      expect(stateOf(a.core, flow.id).step).toBe('sign-off');
      const opinions = b.core.workflows.view(chen, flow.id).opinions.map((o) => o.entry.text);
      expect(opinions).toEqual(expect.arrayContaining(['王五同意。', '赵六同意。', '改了开头。']));
      expect(listConflicts(a.core.context, false)).toEqual([]);
      expect(a.core.bodies.blocks(doc.id)).toEqual(b.core.bodies.blocks(doc.id));
    } finally {
      a.core.cleanup();
      b.core.cleanup();
    }
  });

  it('two leaders act on the same task offline: one is accepted, the other becomes a conflict that keeps its text', async () => {
    const a = laptop('city');
    const b = laptop('city');
    try {
      const doc = a.core.documents.createDraft(zhang, noticeDraft({ title: '关于冲突测试的通知' }));
      const flow = a.core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
      a.core.workflows.act(zhang, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'draft', next: { assignees: [person(li)] } },
      });
      a.core.workflows.act(li, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'review', next: { assignees: [person(wang)] } },
      });
      a.core.workflows.act(wang, { instanceId: flow.id, action: { type: 'complete', stepId: 'countersign' } });
      await a.sync();
      await b.sync();
      expect(stateOf(b.core, flow.id).step).toBe('sign-off');

      a.offline();
      b.offline();
      a.core.workflows.act(chen, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'sign-off', opinion: '同意发文。' },
      });
      const herText = '请补充各区责任分工后再报。';
      b.core.workflows.act(he, {
        instanceId: flow.id,
        action: { type: 'return', stepId: 'sign-off', to: 'review', opinion: herText },
      });
      expect(stateOf(b.core, flow.id).step).toBe('review');

      a.online();
      b.online();
      expect((await a.sync()).openConflicts).toBe(0);
      const status = await b.sync();
      expect(status).toMatchObject({ connection: 'online', pendingOps: 0, openConflicts: 1 });

      // B's state is corrected to the hub's: signed off, not returned.
      expect(stateOf(b.core, flow.id)).toEqual(stateOf(a.core, flow.id));
      expect(stateOf(b.core, flow.id).step).not.toBe('review');
      const [conflict] = listConflicts(b.core.context, false);
      expect(conflict).toMatchObject({
        instanceId: flow.id,
        actorId: he.id,
        text: herText,
        opType: 'workflow.command',
      });
      expect(conflict!.code).toMatch(/^WF_/);
      expect(conflict!.reason.zh.length).toBeGreaterThan(0);
      expect(listOutbox(b.core.context, 10)).toEqual([
        expect.objectContaining({ status: 'rejected', rejection: expect.objectContaining({ code: conflict!.code }) }),
      ]);

      // Another round does not repeat it; dismissing hides it but keeps the record.
      expect((await b.sync()).openConflicts).toBe(1);
      dismissConflict(b.core.context, conflict!.id);
      expect(listConflicts(b.core.context, false)).toEqual([]);
      expect(listConflicts(b.core.context, true)[0]?.text).toBe(herText);
      expect(() => dismissConflict(b.core.context, conflict!.id)).toThrow(
        expect.objectContaining({ code: 'SYNC_CONFLICT_UNKNOWN' }),
      );
    } finally {
      a.core.cleanup();
      b.core.cleanup();
    }
  });

  it('a draft edited several times offline, then renamed, reaches a new laptop whole from one pulled page', async () => {
    const a = laptop('city');
    const b = laptop('city');
    try {
      a.offline();
      const doc = a.core.documents.createDraft(zhang, noticeDraft({ title: '关于离线修改的通知' }));
      a.core.bodies.edit(doc.id, zhang, { index: 0, deleteCount: 0, insert: '一、' });
      a.core.bodies.edit(doc.id, zhang, { index: 2, deleteCount: 0, insert: '根据工作安排，' });
      const edited = a.core.bodies.blocks(doc.id);
      a.core.bodies.edit(doc.id, zhang, { index: 0, deleteCount: 2, insert: '' });
      const renamed = a.core.documents.updateDraft(zhang, doc.id, doc.revision, {
        ...noticeDraft({ title: '关于离线修改后改名的通知' }),
        body: a.core.bodies.blocks(doc.id),
      });
      a.online();
      expect((await a.sync()).pendingOps).toBe(0);

      await b.sync();
      expect(b.core.bodies.blocks(doc.id)).toEqual(a.core.bodies.blocks(doc.id));
      expect(b.core.bodies.blocks(doc.id)[0]?.text.startsWith('根据工作安排，')).toBe(true);
      expect(edited[0]?.text.startsWith('一、根据工作安排，')).toBe(true);
      const view = readDocument(b.core.context, doc.id);
      expect(view.title).toBe('关于离线修改后改名的通知');
      expect(view.revision).toBe(renamed.revision);
      // The page's updates of the draft were merged and stored as one.
      const rows = b.core.context.db
        .prepare('SELECT count(*) AS n FROM draft_updates WHERE document_id = ?')
        .get(doc.id);
      expect(rows).toEqual({ n: 1 });
      // The body survives a restart: it is read again from the stored update.
      b.core.bodies.evict(doc.id);
      expect(b.core.bodies.blocks(doc.id)).toEqual(a.core.bodies.blocks(doc.id));
    } finally {
      a.core.cleanup();
      b.core.cleanup();
    }
  });

  it('a push whose answer is lost is retried without duplicates', async () => {
    // A proxy in front of the hub that lets the first push through but cuts the answer.
    let cutNextPush = true;
    let cut = 0;
    const proxy: Server = createServer((req, res) => {
      const target = new URL(req.url ?? '/', hub.url);
      const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
        if (cutNextPush && req.url === '/v1/sync/push') {
          cutNextPush = false;
          cut++;
          answer.resume();
          answer.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    const proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const a = laptop('city');
    const reader = laptop('city');
    try {
      await reader.sync();
      const before = reader.core.sync.status().cursor;
      a.online(proxyUrl);
      const doc = a.core.documents.createDraft(zhang, noticeDraft({ title: '关于中断重试的通知' }));
      const flow = a.core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
      a.core.workflows.act(zhang, {
        instanceId: flow.id,
        action: { type: 'complete', stepId: 'draft', opinion: '送审。', next: { assignees: [person(li)] } },
      });
      const queued = listOutbox(a.core.context, 100).map((entry) => entry.opId);
      expect(queued.length).toBeGreaterThanOrEqual(4);

      const interrupted = await a.sync();
      expect(cut).toBe(1);
      expect(interrupted).toMatchObject({ connection: 'offline', pendingOps: queued.length });
      const retried = await a.sync();
      expect(retried).toMatchObject({ connection: 'online', pendingOps: 0, openConflicts: 0 });

      // The hub holds each op once, in the order they were made.
      const pulled = await fetch(`${hub.url}/v1/sync/pull?after=${before}&limit=1000`, {
        headers: { authorization: `Bearer ${tokens.city}` },
      }).then((r) => r.json() as Promise<{ ops: { opId: string }[] }>);
      expect(pulled.ops.map((op) => op.opId)).toEqual(queued);
      await reader.sync();
      expect(stateOf(reader.core, flow.id)).toEqual(stateOf(a.core, flow.id));
    } finally {
      a.core.cleanup();
      reader.core.cleanup();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("another agency's laptop neither sees nor changes the agency's flows", async () => {
    const city = laptop('city');
    const county = laptop('county');
    try {
      const doc = city.core.documents.createDraft(zhang, noticeDraft({ title: '关于本单位内部事项的通知' }));
      const flow = city.core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
      await city.sync();
      await county.sync();
      expect(county.core.documents).toBeDefined();
      expect(county.core.context.db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
      expect(county.core.context.db.prepare('SELECT count(*) AS n FROM workflow_instances').get()).toEqual({ n: 0 });

      // The county's pull with its own token never includes the city's ops.
      const pulled = await fetch(`${hub.url}/v1/sync/pull?after=0`, {
        headers: { authorization: `Bearer ${tokens.county}` },
      }).then((r) => r.json() as Promise<{ ops: unknown[] }>);
      expect(pulled.ops).toEqual([]);
      // Without a token: 401 with a typed code.
      const anonymous = await fetch(`${hub.url}/v1/sync/pull?after=0`);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');

      // A forged command on the city's instance from the county is refused by the hub.
      const forged = {
        type: 'workflow.command',
        opId: crypto.randomUUID(),
        deviceId: county.core.context.deviceId,
        actorId: zhang.id,
        createdAt: new Date().toISOString(),
        instanceId: flow.id,
        documentId: doc.id,
        baseVersion: 1,
        command: {
          kind: 'action',
          action: { type: 'complete', stepId: 'draft', actor: zhang, at: new Date().toISOString() },
        },
      };
      const pushed = await fetch(`${hub.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: forged.deviceId, ops: [forged] }),
      }).then((r) => r.json() as Promise<{ results: { status: string; code?: string }[] }>);
      expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'DRAFT_NOT_ACCESSIBLE' });
      await city.sync();
      expect(stateOf(city.core, flow.id)).toMatchObject({ step: 'draft', version: 1 });
    } finally {
      city.core.cleanup();
      county.core.cleanup();
    }
  });
});

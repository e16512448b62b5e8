import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@oa/shared';
import { adminCredentials, freePort, registerMembers, spawnHub, type HubProcess } from '@oa/exchange-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, listSnapshots, takeSnapshot } from '../drafts/revisions';
import { getDocument } from '../store/documents';
import { noticeDraft, tempCore } from '../test-support';
import { listTasks } from '../workflow/task-lists';
import { listConflicts } from './conflicts';
import type { HubSession } from './transport';

/**
 * Issue #6 "Done when": a full outgoing flow by four people on three laptops (three data
 * directories, one real hub process), two laptops offline for part of it, editing the same draft.
 */
const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li: Actor = { id: 'u-li', name: '李四', roles: ['reviewer', 'countersigner'] };
const chen: Actor = { id: 'u-chen', name: '陈局长', roles: ['leader'] };
const zhou: Actor = { id: 'u-zhou', name: '周文书', roles: ['registrar'] };
const person = ({ id, name }: Actor) => ({ id, name });

let hub: HubProcess;
let hubDir: string;
let token: string;
let deadHub: string;

function laptop() {
  const link: { session: HubSession } = { session: { url: hub.url, token } };
  const core = tempCore({ sync: { session: () => link.session } });
  return {
    core,
    offline: () => (link.session = { url: deadHub, token }),
    online: () => (link.session = { url: hub.url, token }),
    sync: () => core.sync.syncNow(),
    act: (actor: Actor, instanceId: string, action: Record<string, unknown>) =>
      core.workflows.act(actor, { instanceId, action: action as never }),
    text: (documentId: string) =>
      core.bodies
        .blocks(documentId)
        .map((block) => block.text)
        .join('\n'),
  };
}

beforeAll(async () => {
  hubDir = mkdtempSync(join(tmpdir(), 'oa-flows-hub-'));
  hub = await spawnHub(['--data-dir', hubDir, '--log-level', 'warn'], {
    OA_HUB_ADMIN_USER: adminCredentials.username,
    OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
  });
  deadHub = `http://127.0.0.1:${await freePort()}`;
  token = (await registerMembers(hub.url, ['city'], 'flow-member-password-2026')).city;
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  rmSync(hubDir, { recursive: true, force: true });
});

describe('a full outgoing flow (发文) on three laptops', () => {
  it('four people, two laptops offline for a while, end with the same document, body, record and no conflicts', async () => {
    const drafting = laptop(); // 张三's laptop
    const reviewing = laptop(); // 李四's laptop
    const office = laptop(); // the office computer 陈局长 and 周文书 share
    const all = [drafting, reviewing, office];
    try {
      // 张三 drafts and sends it to 李四 for 核稿.
      const doc = drafting.core.documents.createDraft(
        zhang,
        noticeDraft({ title: '关于做好2026年冬季防火工作的通知' }),
      );
      const flow = drafting.core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
      drafting.act(zhang, flow.id, {
        type: 'complete',
        stepId: 'draft',
        opinion: '请核稿。',
        next: { assignees: [person(li)] },
      });
      const [drafted] = listSnapshots(drafting.core.context, doc.id);
      expect(drafted).toBeDefined();
      await drafting.sync();
      await reviewing.sync();
      expect(listTasks(reviewing.core.context, li, 'todo', 10).map((t) => t.stepId)).toEqual(['review']);

      // Both laptops go offline: each edits the same body; 李四 reviews and countersigns.
      drafting.offline();
      reviewing.offline();
      const before = reviewing.text(doc.id);
      const liAdds = '各区要落实属地责任。';
      reviewing.core.bodies.edit(doc.id, li, { index: before.length, deleteCount: 0, insert: liAdds });
      const zhangAdds = '（此件公开发布）';
      drafting.core.bodies.edit(doc.id, zhang, { index: 0, deleteCount: 0, insert: zhangAdds });
      reviewing.act(li, flow.id, {
        type: 'complete',
        stepId: 'review',
        opinion: '已核，补充了属地责任。',
        next: { assignees: [person(li)] },
      });
      reviewing.act(li, flow.id, { type: 'complete', stepId: 'countersign', opinion: '会签同意。' });
      expect(await reviewing.sync()).toMatchObject({ connection: 'offline', pendingOps: 3 });
      expect(await drafting.sync()).toMatchObject({ connection: 'offline', pendingOps: 1 });

      // The office sees nothing new yet; then both come back.
      await office.sync();
      expect(office.core.workflows.view(chen, flow.id).currentStepId).toBe('review');
      reviewing.online();
      drafting.online();
      for (const machine of [reviewing, drafting, office]) {
        expect(await machine.sync()).toMatchObject({ connection: 'online', pendingOps: 0, openConflicts: 0 });
      }
      expect(listTasks(office.core.context, chen, 'todo', 10).map((t) => t.stepId)).toEqual(['sign-off']);
      // Both offline edits are in the merged body, on every laptop, not a character lost.
      for (const machine of all) await machine.sync();
      const merged = office.text(doc.id);
      expect(merged.startsWith(zhangAdds)).toBe(true);
      expect(merged.endsWith(liAdds)).toBe(true);
      expect(merged.length).toBe(before.length + zhangAdds.length + liAdds.length);

      // On the office computer: 陈局长 signs off; 李四 rechecks on his laptop; 周文书 registers, seals, dispatches.
      office.act(chen, flow.id, {
        type: 'complete',
        stepId: 'sign-off',
        opinion: '同意印发。',
        next: { assignees: [person(li)] },
      });
      await office.sync();
      await reviewing.sync();
      reviewing.act(li, flow.id, { type: 'complete', stepId: 'recheck', next: { assignees: [person(zhou)] } });
      await reviewing.sync();
      await office.sync();
      office.act(zhou, flow.id, { type: 'complete', stepId: 'register', docNumber: '宁政办发〔2026〕12号' });
      office.act(zhou, flow.id, { type: 'complete', stepId: 'seal' });
      office.act(zhou, flow.id, { type: 'complete', stepId: 'dispatch' });
      await office.sync();
      for (const machine of all) await machine.sync();

      const views = all.map((machine) => machine.core.workflows.view(chen, flow.id));
      expect(views.map((v) => [v.version, v.currentStepId])).toEqual(Array(3).fill([views[0]!.version, 'archive']));
      expect(views[1]!.state).toEqual(views[0]!.state);
      expect(views[2]!.state).toEqual(views[0]!.state);
      const opinions = views[0]!.opinions.map((o) => o.entry.text).filter((text) => text.length > 0);
      expect(opinions).toEqual(['请核稿。', '已核，补充了属地责任。', '会签同意。', '同意印发。']);
      expect(all.map((machine) => machine.text(doc.id))).toEqual(Array(3).fill(merged));
      expect(all.every((machine) => listConflicts(machine.core.context, true).length === 0)).toBe(true);
      // The 发文字号 allocated at 登记 reached the drafter's laptop with the document.
      expect(getDocument(drafting.core.context, doc.id).document.docNumber).toBe('宁政办发〔2026〕12号');
      // 修改痕迹 on the drafter's laptop: 李四's addition is shown as his, 张三's as his.
      const now = takeSnapshot(drafting.core.context, drafting.core.bodies, {
        documentId: doc.id,
        label: '签发后',
        person: zhang,
      });
      const changes = diffSnapshots(drafting.core.context, drafting.core.bodies, {
        documentId: doc.id,
        from: drafted!.id,
        to: now.id,
      });
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'insert', text: liAdds, author: { id: li.id, name: li.name } }),
          expect.objectContaining({ type: 'insert', text: zhangAdds, author: { id: zhang.id, name: zhang.name } }),
        ]),
      );
    } finally {
      for (const machine of all) machine.core.cleanup();
    }
  }, 60_000);
});

describe('two people editing the same draft offline for a long session', () => {
  it('merge through the hub with no character lost or duplicated', async () => {
    const a = laptop();
    const b = laptop();
    try {
      const paragraph = '各地各部门要加强组织领导，压实工作责任，确保各项措施落到实处。'.repeat(6);
      const doc = a.core.documents.createDraft(
        zhang,
        noticeDraft({
          title: '关于长时间离线协同起草的通知',
          body: Array.from({ length: 4 }, () => ({ type: 'paragraph', text: paragraph })),
        }),
      );
      await a.sync();
      await b.sync();
      const base = a.text(doc.id);
      a.offline();
      b.offline();
      // 张三 types digits and deletes only in the first half of the original text; 李四 types
      // letters and deletes only in the second half. 400 edits each (one in five a deletion), at
      // pseudo-random places.
      const edits = 400;
      const inserted = edits - edits / 5;
      let seed = 7;
      const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
      const session = (machine: ReturnType<typeof laptop>, who: Actor, alphabet: string, half: 'first' | 'second') => {
        let deleted = 0;
        for (let i = 0; i < edits; i++) {
          const text = machine.text(doc.id);
          if (i % 5 === 4) {
            // Delete one character of the original text in this person's half.
            const originals = [...text].flatMap((c, at) => (/[\u4e00-\u9fff，。、]/.test(c) ? [at] : []));
            const mid = Math.floor(originals.length / 2);
            const pool = half === 'first' ? originals.slice(0, mid - 20) : originals.slice(mid + 20);
            const at = pool[Math.floor(random() * pool.length)];
            if (at === undefined) throw new Error('the test text is too short for its deletions');
            machine.core.bodies.edit(doc.id, who, { index: at, deleteCount: 1, insert: '' });
            deleted++;
          } else {
            const at = Math.floor(random() * text.length);
            machine.core.bodies.edit(doc.id, who, {
              index: at,
              deleteCount: 0,
              insert: alphabet[i % alphabet.length]!,
            });
          }
        }
        return deleted;
      };
      const deletedA = session(a, zhang, '0123456789', 'first');
      const deletedB = session(b, li, 'abcdefghij', 'second');
      const mine = (text: string, pattern: RegExp) => [...text].filter((c) => pattern.test(c)).join('');
      const typedA = mine(a.text(doc.id), /[0-9]/);
      const typedB = mine(b.text(doc.id), /[a-j]/);
      expect(typedA).toHaveLength(inserted);
      expect(typedB).toHaveLength(inserted);

      a.online();
      b.online();
      for (const machine of [a, b, a]) {
        expect(await machine.sync()).toMatchObject({ connection: 'online', pendingOps: 0, openConflicts: 0 });
      }
      const merged = a.text(doc.id);
      expect(b.text(doc.id)).toBe(merged);
      // Every character each typed is there, in the order they left it; every deletion happened once.
      expect(mine(merged, /[0-9]/)).toBe(typedA);
      expect(mine(merged, /[a-j]/)).toBe(typedB);
      expect([...merged].length).toBe([...base].length - deletedA - deletedB + 2 * inserted);
    } finally {
      a.core.cleanup();
      b.core.cleanup();
    }
  }, 60_000);
});

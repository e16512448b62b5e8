import type { Actor } from '@oa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../api-contract';
import { invokeApi } from '../api/invoke';
import { diffSnapshots, listSnapshots } from '../drafts/revisions';
import { getDocument, insertDocument, validateDraft } from '../store/documents';
import { listOutbox, pendingOps } from '../store/outbox';
import { noticeDraft, tempCore, testPassword, unlockedClient } from '../test-support';
import { saveDefinition } from './definitions';
import { listTasks } from './task-lists';

let now = new Date('2026-11-23T01:00:00Z');
let core: ReturnType<typeof tempCore>;
beforeEach(() => {
  now = new Date('2026-11-23T01:00:00Z');
  core = tempCore({ now: () => now });
});
afterEach(() => core.cleanup());

const later = (hours: number) => {
  now = new Date(now.getTime() + hours * 3_600_000);
};

const zhang: Actor = { id: 'u-zhang', name: '张三', roles: ['drafter'] };
const li: Actor = { id: 'u-li', name: '李四', roles: ['reviewer'] };
const wang: Actor = { id: 'u-wang', name: '王五', roles: ['countersigner'] };
const zhao: Actor = { id: 'u-zhao', name: '赵六', roles: ['countersigner'] };
const chen: Actor = { id: 'u-chen', name: '陈局长', roles: ['leader'] };
const clerk: Actor = { id: 'u-clerk', name: '周文书', roles: ['registrar'] };
const person = ({ id, name }: Actor) => ({ id, name });

const titles = (actor: Actor, box: Parameters<typeof listTasks>[2]) =>
  listTasks(core.context, actor, box, 50).map((item) => `${item.title}@${item.stepId}`);

describe('workflow service: outgoing (发文)', () => {
  it('moves a draft through review and parallel countersign, with lists, chasing and a return', () => {
    const doc = core.documents.createDraft(zhang, noticeDraft());
    const flow = core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
    expect(flow).toMatchObject({ status: 'active', currentStepId: 'draft', version: 1 });
    expect(titles(zhang, 'todo')).toEqual([`${doc.title}@draft`]);
    expect(titles(zhang, 'drafted')).toEqual([`${doc.title}@draft`]);

    later(1);
    core.workflows.act(zhang, {
      instanceId: flow.id,
      action: { type: 'complete', stepId: 'draft', opinion: '请审核。', next: { assignees: [person(li)] } },
    });
    expect(titles(zhang, 'todo')).toEqual([]);
    expect(titles(zhang, 'done')).toEqual([`${doc.title}@review`]);
    expect(titles(li, 'todo')).toEqual([`${doc.title}@review`]);

    // 核稿: 李四 edits the body, then sends it to two countersigners, due in two days.
    later(1);
    core.bodies.edit(doc.id, li, { index: 0, deleteCount: 2, insert: '为了' });
    const due = new Date(now.getTime() + 48 * 3_600_000).toISOString();
    core.workflows.act(li, {
      instanceId: flow.id,
      action: {
        type: 'complete',
        stepId: 'review',
        opinion: '文字已修改。',
        next: { assignees: [person(wang), person(zhao)], dueAt: due },
      },
    });

    // 会签 in parallel: the step waits until both have agreed.
    later(1);
    const afterWang = core.workflows.act(wang, {
      instanceId: flow.id,
      action: { type: 'complete', stepId: 'countersign', opinion: '同意。' },
    });
    expect(afterWang.currentStepId).toBe('countersign');
    expect(afterWang.tasks[0]!.pending).toEqual([person(zhao)]);
    expect(titles(wang, 'todo')).toEqual([]);
    expect(titles(zhao, 'todo')).toEqual([`${doc.title}@countersign`]);

    // 催办: overdue after the due date; the reviewer may chase, the drafter may not.
    expect(titles(li, 'overdue')).toEqual([]);
    later(72);
    expect(listTasks(core.context, li, 'overdue', 10)).toMatchObject([
      { stepId: 'countersign', overdue: true, pending: [person(zhao)] },
    ]);
    expect(core.workflows.view(li, flow.id).actions.map((a) => a.type)).toContain('chase');
    expect(() =>
      core.workflows.act(zhang, { instanceId: flow.id, action: { type: 'chase', stepId: 'countersign' } }),
    ).toThrow(expect.objectContaining({ code: 'WF_CHASE_NOT_ALLOWED' }));
    const chased = core.workflows.act(li, { instanceId: flow.id, action: { type: 'chase', stepId: 'countersign' } });
    expect(chased.state.history.at(-1)).toMatchObject({ action: 'chase', people: [person(zhao)] });

    // The last countersigner completes the step; 签发 then waits for any leader (nobody assigned).
    core.workflows.act(zhao, {
      instanceId: flow.id,
      action: { type: 'complete', stepId: 'countersign', opinion: '同意。' },
    });
    expect(titles(chen, 'todo')).toEqual([`${doc.title}@sign-off`]);
    expect(titles({ ...chen, id: 'u-other-leader' }, 'todo')).toEqual([`${doc.title}@sign-off`]);
    expect(titles(li, 'todo')).toEqual([]);

    // 签发 returns it to 核稿 with a reason: it goes back to 李四.
    later(1);
    const returned = core.workflows.act(chen, {
      instanceId: flow.id,
      action: { type: 'return', stepId: 'sign-off', to: 'review', opinion: '请补充责任分工。' },
    });
    expect(returned.currentStepId).toBe('review');
    expect(titles(li, 'todo')).toEqual([`${doc.title}@review`]);
    expect(titles(chen, 'done')).toEqual([`${doc.title}@review`]);
    expect(returned.opinions.map((o) => o.line)).toContain('请补充责任分工。 陈局长 2026年11月26日');

    // A snapshot at each step, and the diff between 拟稿 and 核稿 shows 李四's edit.
    const snapshots = listSnapshots(core.context, doc.id);
    expect(snapshots.map((s) => s.label)).toEqual(['拟稿', '核稿', '会签', '签发退回核稿']);
    const changes = diffSnapshots(core.context, core.bodies, {
      documentId: doc.id,
      from: snapshots[0]!.id,
      to: snapshots[1]!.id,
    });
    expect(changes.map((c) => [c.type, c.text, c.author?.name])).toEqual([
      ['delete', '为切', '李四'],
      ['insert', '为了', '李四'],
    ]);

    // Every command is queued for the hub in order, each on the version it was applied to.
    const commands = pendingOps(core.context, 100).filter((op) => op.type === 'workflow.command');
    expect(commands.map((op) => (op.type === 'workflow.command' ? op.baseVersion : -1))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses a wrong actor or a stale view and changes nothing', () => {
    const doc = core.documents.createDraft(zhang, noticeDraft());
    const flow = core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' });
    const outbox = listOutbox(core.context, 100).length;
    expect(() =>
      core.workflows.act(li, { instanceId: flow.id, action: { type: 'complete', stepId: 'draft' } }),
    ).toThrow(expect.objectContaining({ code: 'WF_ROLE_NOT_ALLOWED' }));
    expect(() =>
      core.workflows.act(zhang, {
        instanceId: flow.id,
        expectedVersion: 0,
        action: { type: 'complete', stepId: 'draft' },
      }),
    ).toThrow(expect.objectContaining({ code: 'WORKFLOW_STALE' }));
    expect(() => core.workflows.start(zhang, { documentId: doc.id, direction: 'outgoing' })).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_ALREADY_RUNNING' }),
    );
    expect(core.workflows.view(zhang, flow.id).version).toBe(1);
    expect(listOutbox(core.context, 100)).toHaveLength(outbox);
  });

  it('puts the 发文字号 allocated at 登记 into the document', () => {
    saveDefinition(core.context, {
      id: 'outgoing-short',
      name: { zh: '简易发文', en: 'short outgoing' },
      direction: 'outgoing',
      steps: [{ kind: 'draft' }, { kind: 'sign-off' }, { kind: 'register' }, { kind: 'dispatch' }],
    });
    const doc = core.documents.createDraft(zhang, noticeDraft());
    const flow = core.workflows.start(zhang, {
      documentId: doc.id,
      direction: 'outgoing',
      definition: { id: 'outgoing-short', version: 1 },
    });
    const act = (actor: Actor, stepId: string, extra: Record<string, unknown> = {}) =>
      core.workflows.act(actor, { instanceId: flow.id, action: { type: 'complete', stepId, ...extra } });
    act(zhang, 'draft', { next: { assignees: [person(chen)] } });
    act(chen, 'sign-off', { opinion: '同意印发。', next: { assignees: [person(clerk)] } });
    expect(() => act(clerk, 'register', { docNumber: '宁政办发[2026]7号' })).toThrow(
      expect.objectContaining({ code: 'WF_DOC_NUMBER_INVALID' }),
    );
    act(clerk, 'register', { docNumber: '宁政办发〔2026〕7号' });
    const saved = getDocument(core.context, doc.id);
    expect(saved.document.docNumber).toBe('宁政办发〔2026〕7号');
    expect(saved.revision).toBe(2);
  });
});

describe('workflow service: incoming (收文)', () => {
  it('signs for, registers and circulates a received document: 待阅 until each reader has read it', () => {
    const { document } = validateDraft(noticeDraft({ title: '关于报送年度工作总结的通知' }));
    insertDocument(core.context, { id: 'in-1', document, createdBy: 'hub', at: now.toISOString() });
    saveDefinition(core.context, {
      id: 'incoming-read',
      name: { zh: '阅知件', en: 'for information' },
      direction: 'incoming',
      steps: [{ kind: 'sign-for' }, { kind: 'register' }, { kind: 'circulate' }, { kind: 'close' }],
    });
    const flow = core.workflows.start(clerk, {
      documentId: 'in-1',
      direction: 'incoming',
      definition: { id: 'incoming-read', version: 1 },
    });
    const act = (actor: Actor, action: Record<string, unknown>) =>
      core.workflows.act(actor, { instanceId: flow.id, action: action as never });
    expect(titles(clerk, 'todo')).toEqual(['关于报送年度工作总结的通知@sign-for']);
    act(clerk, { type: 'complete', stepId: 'sign-for', copies: 2 });
    act(clerk, { type: 'complete', stepId: 'register', registryNumber: '收〔2026〕101号' });
    act(clerk, { type: 'assign', stepId: 'circulate', assignees: [person(li), person(chen)] });
    expect(titles(li, 'to-read')).toEqual(['关于报送年度工作总结的通知@circulate']);
    expect(titles(li, 'todo')).toEqual([]);
    act(li, { type: 'complete', stepId: 'circulate', opinion: '已阅' });
    expect(titles(li, 'to-read')).toEqual([]);
    expect(titles(chen, 'to-read')).toEqual(['关于报送年度工作总结的通知@circulate']);
    const view = core.workflows.view(clerk, flow.id);
    expect(view.state).toMatchObject({ copies: 2, registryNumber: '收〔2026〕101号' });
    expect(view.tasks[0]).toMatchObject({ pending: [person(chen)], actedBy: [person(li)] });
    // Incoming documents have no draft body: no revision snapshots are taken.
    expect(listSnapshots(core.context, 'in-1')).toEqual([]);
  });
});

describe('workflow through the API table', () => {
  it('takes the actor from the unlocked account and refuses malformed actions with typed errors', async () => {
    const api = createApiClient((method, input) => invokeApi(core, method, input));
    await unlockedClient(api);
    const draft = await api.createDraft({ document: noticeDraft() });
    const flow = await api.startWorkflow({ documentId: draft.id, direction: 'outgoing' });
    expect(flow.actions[0]).toMatchObject({ type: 'complete', stepId: 'draft' });
    await expect(
      api.actOnWorkflow({ instanceId: flow.id, action: { type: 'approve', stepId: 'draft' } as never }),
    ).rejects.toMatchObject({ code: 'API_BAD_INPUT' });
    await expect(
      api.actOnWorkflow({
        instanceId: flow.id,
        action: { type: 'return', stepId: 'draft', to: 'review', opinion: '退' },
      }),
    ).rejects.toMatchObject({
      code: 'WF_RETURN_TARGET_INVALID',
      text: { zh: expect.stringContaining('拟稿'), en: expect.stringContaining('draft') },
    });
    expect(await api.listTasks({ box: 'todo' })).toMatchObject([{ documentId: draft.id, stepId: 'draft' }]);
    await expect(
      api.createLocalAccount({ login: 'x', displayName: 'x', password: testPassword, roles: ['boss' as never] }),
    ).rejects.toMatchObject({
      code: 'API_BAD_INPUT',
    });
  });
});

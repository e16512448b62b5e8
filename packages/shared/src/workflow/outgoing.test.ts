import { describe, expect, it } from 'vitest';
import { defaultOutgoingDefinition as outgoing } from './defaults';
import { validateWorkflowDefinition } from './definition';
import type { Actor } from './roles';
import { pendingTasks } from './tasks';
import { at, outgoingScript, people, ref, refusal, run, start, stateAt } from './test-support';
import { transition } from './transition';

const reach = (stepId: string) => stateAt(outgoing, outgoingScript, people.zhang, stepId);
const ma = { id: 'u-ma', name: '马核稿', roles: ['reviewer' as const] };

describe('outgoing 发文: the whole happy path', () => {
  it('runs 拟稿 → 核稿 → 会签 → 签发 → 复核 → 登记 → 用印 → 核发 → 归档 and keeps every opinion', () => {
    const final = run(outgoing, start(outgoing, people.zhang), ...outgoingScript);
    expect(final.status).toBe('completed');
    expect(final.currentStepId).toBeNull();
    expect(final.docNumber).toBe('市府办发〔2026〕12号');
    expect(final.history.map((entry) => [entry.seq, entry.stepId, entry.action, entry.actor.name, entry.role])).toEqual(
      [
        [1, 'draft', 'start', '张三', 'drafter'],
        [2, 'draft', 'complete', '张三', 'drafter'],
        [3, 'review', 'complete', '李四', 'reviewer'],
        [4, 'countersign', 'complete', '王五', 'countersigner'],
        [5, 'countersign', 'complete', '赵六', 'countersigner'],
        [6, 'countersign', 'complete', '孙七', 'countersigner'],
        [7, 'sign-off', 'complete', '陈局长', 'leader'],
        [8, 'recheck', 'complete', '李四', 'reviewer'],
        [9, 'register', 'complete', '刘文书', 'registrar'],
        [10, 'seal', 'complete', '刘文书', 'registrar'],
        [11, 'dispatch', 'complete', '刘文书', 'registrar'],
        [12, 'archive', 'complete', '周档案', 'records-officer'],
      ],
    );
    const signOff = final.history[6]!;
    expect(signOff).toMatchObject({ text: '同意印发。', at: at(6), stepName: { zh: '签发', en: 'sign-off' } });
    expect(final.history[8]).toMatchObject({ docNumber: '市府办发〔2026〕12号' });
    expect(final.history[7]).toMatchObject({ change: 'editorial', text: '' });
    expect(Object.values(final.steps).every((step) => step.status === 'done' && step.round === 1)).toBe(true);
    expect(final.updatedAt).toBe(at(11));
  });

  it('announces the registered 发文字号 and the end of the flow as events', () => {
    const register = transition(outgoing, reach('register'), outgoingScript[7]!);
    expect(register.ok && register.events).toContainEqual({
      type: 'doc-number-registered',
      docNumber: '市府办发〔2026〕12号',
    });
    const archive = transition(outgoing, reach('archive'), outgoingScript.at(-1)!);
    expect(archive.ok && archive.events.at(-1)).toEqual({ type: 'flow-completed' });
  });

  it('never changes the state it is given', () => {
    const before = reach('countersign');
    const copy = JSON.parse(JSON.stringify(before));
    run(outgoing, before, outgoingScript[2]!);
    expect(before).toEqual(copy);
  });
});

describe('会签 countersign: parallel, everyone assigned must act', () => {
  const countersign = (actor: Actor, hour: number) =>
    ({ type: 'complete', stepId: 'countersign', actor, at: at(hour), opinion: '同意。' }) as const;

  it('waits for all three countersigners, refuses one acting twice, then opens 签发', () => {
    const first = transition(outgoing, reach('countersign'), countersign(people.wang, 3));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.state.currentStepId).toBe('countersign');
    expect(first.events).toEqual([
      { type: 'acted', stepId: 'countersign', actor: ref(people.wang), pending: [ref(people.zhao), ref(people.sun)] },
    ]);
    expect(refusal(outgoing, first.state, countersign(people.wang, 4))).toBe('WF_ALREADY_ACTED');
    const second = run(outgoing, first.state, countersign(people.sun, 4));
    expect(pendingTasks(outgoing, second)[0]!.pending).toEqual([ref(people.zhao)]);
    const done = run(outgoing, second, countersign(people.zhao, 5));
    expect(done.currentStepId).toBe('sign-off');
    expect(done.steps.countersign!.actedBy.map((person) => person.name)).toEqual(['王五', '孙七', '赵六']);
  });

  it('cannot be acted on before countersigners are assigned; the reviewer or an admin assigns them', () => {
    const review = { ...outgoingScript[1]!, next: undefined };
    const open = run(outgoing, reach('review'), review);
    expect(refusal(outgoing, open, countersign(people.wang, 3))).toBe('WF_NOT_ASSIGNED');
    const assign = {
      type: 'assign',
      stepId: 'countersign',
      at: at(3),
      assignees: [ref(people.wang), ref(people.zhao)],
    } as const;
    expect(refusal(outgoing, open, { ...assign, actor: people.wang })).toBe('WF_ASSIGN_NOT_ALLOWED');
    expect(refusal(outgoing, open, { ...assign, actor: people.admin })).toBe('accepted');
    const assigned = run(outgoing, open, { ...assign, actor: people.li });
    expect(assigned.history.at(-1)).toMatchObject({ action: 'assign', role: 'reviewer', people: assign.assignees });
    expect(refusal(outgoing, assigned, countersign(people.sun, 4))).toBe('WF_NOT_ASSIGNEE');
    expect(refusal(outgoing, assigned, countersign(people.wang, 4))).toBe('accepted');
  });

  it('keeps who already countersigned when reassigning, and completes when only they remain', () => {
    const partly = run(outgoing, reach('countersign'), countersign(people.wang, 3));
    const reassign = { type: 'assign', stepId: 'countersign', actor: people.li, at: at(4) } as const;
    expect(refusal(outgoing, partly, { ...reassign, assignees: [ref(people.zhao), ref(people.sun)] })).toBe(
      'WF_ASSIGNEES_INVALID',
    );
    expect(refusal(outgoing, partly, { ...reassign, assignees: [ref(people.wang), ref(people.wang)] })).toBe(
      'WF_ASSIGNEES_INVALID',
    );
    const result = transition(outgoing, partly, { ...reassign, assignees: [ref(people.wang)] });
    expect(result.ok && result.state.currentStepId).toBe('sign-off');
    expect(result.ok && result.events.map((event) => event.type)).toEqual([
      'assigned',
      'step-completed',
      'step-opened',
    ]);
  });

  it('does not let a countersigner route the next step (the step is shared)', () => {
    const action = { ...countersign(people.wang, 3), next: { assignees: [ref(people.chen)] } };
    expect(refusal(outgoing, reach('countersign'), action)).toBe('WF_FIELD_NOT_ACCEPTED');
  });
});

describe('offline work synced later (the hub applies operations in the order they arrive)', () => {
  it('accepts countersignatures made offline in either order, with the same outcome', () => {
    const [wang, zhao, sun] = outgoingScript.slice(2, 5);
    const one = run(outgoing, reach('countersign'), wang, zhao, sun);
    const other = run(outgoing, reach('countersign'), sun, wang, zhao);
    expect(one.currentStepId).toBe('sign-off');
    expect(other.currentStepId).toBe('sign-off');
    expect(new Set(other.steps.countersign!.actedBy.map((person) => person.id))).toEqual(
      new Set(one.steps.countersign!.actedBy.map((person) => person.id)),
    );
  });

  it('refuses the second of two completions of the same single step with the reason', () => {
    const two = { ...people.li, id: 'u-li-2', name: '李四（副）' };
    const reviewByBoth = run(outgoing, reach('review'), {
      type: 'assign',
      stepId: 'review',
      actor: people.li,
      at: at(2),
      assignees: [ref(people.li), ref(two)],
    });
    const first = run(outgoing, reviewByBoth, outgoingScript[1]!);
    const second = transition(outgoing, first, { ...outgoingScript[1]!, actor: two });
    expect(!second.ok && second.error.code).toBe('WF_STEP_MISMATCH');
    expect(!second.ok && second.error.text.zh).toBe('公文当前在“会签”环节，不在“核稿”环节，请刷新后再办理。');
  });
});

describe('转办 reassigning a single step', () => {
  it('lets the assignee hand 核稿 on; then only the new assignee acts', () => {
    const handOn = { type: 'assign', stepId: 'review', actor: people.li, at: at(2), assignees: [ref(ma)] } as const;
    const moved = run(outgoing, reach('review'), handOn);
    expect(moved.steps.review!.assignees).toEqual([ref(ma)]);
    const complete = { ...outgoingScript[1]!, actor: people.li };
    expect(refusal(outgoing, moved, complete)).toBe('WF_NOT_ASSIGNEE');
    expect(refusal(outgoing, moved, { ...complete, actor: ma })).toBe('accepted');
  });

  it('lets the drafter assign the reviewer but not the leader; nobody re-assigns a finished step', () => {
    const state = reach('review');
    const assign = { type: 'assign', actor: people.zhang, at: at(2), assignees: [ref(ma)] } as const;
    expect(refusal(outgoing, state, { ...assign, stepId: 'review' })).toBe('accepted');
    expect(refusal(outgoing, state, { ...assign, stepId: 'sign-off' })).toBe('WF_ASSIGN_NOT_ALLOWED');
    expect(refusal(outgoing, state, { ...assign, stepId: 'draft', actor: people.admin })).toBe('WF_STEP_CLOSED');
  });

  it('assigns a later step ahead: 签发 then goes to that leader only', () => {
    const ahead = {
      type: 'assign',
      stepId: 'sign-off',
      actor: people.li,
      at: at(2),
      assignees: [ref(people.chen)],
    } as const;
    const state = run(outgoing, reach('review'), ahead, ...outgoingScript.slice(1, 5));
    expect(state.currentStepId).toBe('sign-off');
    expect(pendingTasks(outgoing, state)[0]!.assignees).toEqual([ref(people.chen)]);
    const signOff = { ...outgoingScript[5]!, actor: people.he };
    expect(refusal(outgoing, state, signOff)).toBe('WF_NOT_ASSIGNEE');
  });
});

describe('签发 sign-off and 复核 re-check', () => {
  it('records a bare approval (圈阅) with the leader, role and full time', () => {
    const bare = { type: 'complete', stepId: 'sign-off', actor: people.chen, at: at(6) } as const;
    const entry = run(outgoing, reach('sign-off'), bare).history.at(-1)!;
    expect(entry).toMatchObject({ actor: ref(people.chen), role: 'leader', text: '', at: at(6), action: 'complete' });
  });

  it('sends a draft back from 签发 to the drafter; 核稿 and 会签 are done again by the same people', () => {
    const back = {
      type: 'return',
      stepId: 'sign-off',
      actor: people.chen,
      at: at(6),
      to: 'draft',
      opinion: '第二条表述不准确，请修改。',
    } as const;
    const result = transition(outgoing, reach('sign-off'), back);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const state = result.state;
    expect(state.currentStepId).toBe('draft');
    expect(state.steps.draft).toMatchObject({ status: 'open', round: 2, assignees: [ref(people.zhang)] });
    expect(state.steps.countersign).toMatchObject({ status: 'waiting', actedBy: [] });
    expect(state.steps.countersign!.assignees).toHaveLength(3);
    expect(state.history.at(-1)).toMatchObject({ action: 'return', to: 'draft', text: '第二条表述不准确，请修改。' });
    expect(result.events[0]).toEqual({
      type: 'returned',
      from: 'sign-off',
      to: 'draft',
      reason: '第二条表述不准确，请修改。',
    });
    const again = run(outgoing, state, ...outgoingScript.slice(0, 5).map((action) => ({ ...action, at: at(20) })));
    expect(again.currentStepId).toBe('sign-off');
    expect(again.steps.countersign!.round).toBe(2);
  });

  it('refuses to pass 复核 with a substantive change: it returns to the signer instead', () => {
    const recheck = reach('recheck');
    const changed = { ...outgoingScript[6]!, change: 'substantive' } as const;
    expect(refusal(outgoing, recheck, changed)).toBe('WF_SUBSTANTIVE_CHANGE');
    const back = {
      type: 'return',
      stepId: 'recheck',
      actor: people.li,
      at: at(7),
      to: 'sign-off',
      opinion: '主送机关有变，需重新签发。',
    } as const;
    const state = run(outgoing, recheck, back);
    expect(state.currentStepId).toBe('sign-off');
    expect(state.steps['sign-off']!.assignees).toEqual([ref(people.chen)]);
  });
});

describe('登记 register: the allocated 发文字号', () => {
  const register = (docNumber?: string) => ({ ...outgoingScript[7]!, docNumber });

  it.each([
    ['市府办发[2026]12号', ['brackets'], '市府办发〔2026〕12号'],
    ['市府办发〔2026〕第12号', ['has-di'], '市府办发〔2026〕12号'],
    ['市府办发〔2026〕012号', ['zero-padded'], '市府办发〔2026〕12号'],
    ['市府办发〔2026〕12', ['missing-hao'], '市府办发〔2026〕12号'],
    ['〔2026〕12号', ['missing-prefix'], undefined],
  ])('refuses %s (%j) and says what to write', (docNumber, problems, suggestion) => {
    const result = transition(outgoing, reach('register'), register(docNumber));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('WF_DOC_NUMBER_INVALID');
    expect(result.error.details).toMatchObject({ problems });
    if (suggestion) expect(result.error.text.zh).toContain(`应写作“${suggestion}”`);
    expect(result.error.text.en).toContain(docNumber);
  });

  it('stores the number without surrounding blanks, in the state and the record', () => {
    const state = run(outgoing, reach('register'), register(' 市府办发〔2026〕12号 '));
    expect(state.docNumber).toBe('市府办发〔2026〕12号');
    expect(state.history.at(-1)!.docNumber).toBe('市府办发〔2026〕12号');
  });

  it('needs the number, and only 登记 takes one', () => {
    expect(refusal(outgoing, reach('register'), register(undefined))).toBe('WF_FIELD_REQUIRED');
    expect(refusal(outgoing, reach('register'), register('  '))).toBe('WF_FIELD_REQUIRED');
    const seal = { ...outgoingScript[8]!, docNumber: '市府办发〔2026〕12号' };
    expect(refusal(outgoing, reach('seal'), seal)).toBe('WF_FIELD_NOT_ACCEPTED');
  });
});

describe('催办 chasing an overdue step', () => {
  const chase = (actor: Actor, hour: number) =>
    ({ type: 'chase', stepId: 'countersign', actor, at: at(hour), opinion: '请尽快会签。' }) as const;
  const waiting = () => run(outgoing, reach('countersign'), outgoingScript[2]!);

  it('is refused before the due date and recorded (who chased whom, when) after it', () => {
    const early = transition(outgoing, waiting(), chase(people.liu, 10));
    expect(!early.ok && early.error.code).toBe('WF_NOT_OVERDUE');
    expect(!early.ok && early.error.text).toEqual({
      zh: '“会签”环节办理时限为2026年11月24日 11:00，尚未超期，不能催办。',
      en: 'The step "countersign" is due at 2026-11-24 11:00 (UTC+8) and not yet overdue, so it cannot be chased.',
    });
    const result = transition(outgoing, waiting(), chase(people.liu, 27));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.currentStepId).toBe('countersign');
    expect(result.state.history.at(-1)).toMatchObject({
      action: 'chase',
      actor: ref(people.liu),
      role: 'registrar',
      people: [ref(people.zhao), ref(people.sun)],
      dueAt: at(26),
      at: at(27),
      text: '请尽快会签。',
    });
    expect(result.events).toEqual([
      { type: 'chased', stepId: 'countersign', people: [ref(people.zhao), ref(people.sun)], dueAt: at(26) },
    ]);
  });

  it('is refused to a drafter, on a step without due date, and on a step that is not open', () => {
    expect(refusal(outgoing, waiting(), chase(people.zhang, 27))).toBe('WF_CHASE_NOT_ALLOWED');
    expect(refusal(outgoing, waiting(), { ...chase(people.admin, 27) })).toBe('accepted');
    const signOff = { ...chase(people.liu, 27), stepId: 'sign-off' };
    expect(refusal(outgoing, reach('sign-off'), signOff)).toBe('WF_NO_DUE_DATE');
    expect(refusal(outgoing, waiting(), signOff)).toBe('WF_STEP_MISMATCH');
  });

  it('takes due dates from a definition (dueDays) counted from when the step opens', () => {
    const custom = validateWorkflowDefinition({
      id: 'outgoing-fast',
      name: { zh: '快速发文', en: 'fast outgoing' },
      direction: 'outgoing',
      steps: [{ kind: 'draft' }, { kind: 'sign-off', dueDays: 2 }, { kind: 'register' }, { kind: 'dispatch' }],
    });
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    const drafted = run(custom.definition, start(custom.definition, people.zhang), outgoingScript[0]!);
    expect(drafted.steps['sign-off']!.dueAt).toBe(at(1 + 48));
    const early = { type: 'chase', stepId: 'sign-off', actor: people.li, at: at(40) } as const;
    expect(refusal(custom.definition, drafted, early)).toBe('WF_NOT_OVERDUE');
    expect(refusal(custom.definition, drafted, { ...early, at: at(50) })).toBe('accepted');
  });

  it('refuses a due date set before the action', () => {
    const review = { ...outgoingScript[1]!, next: { dueAt: at(1) } };
    expect(refusal(outgoing, reach('review'), review)).toBe('WF_DUE_DATE_INVALID');
  });
});

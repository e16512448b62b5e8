import { describe, expect, it } from 'vitest';
import { defaultIncomingDefinition as incoming } from './defaults';
import type { Actor } from './roles';
import { pendingTasks } from './tasks';
import { at, incomingScript, people, ref, refusal, run, start, stateAt } from './test-support';
import { transition } from './transition';

const reach = (stepId: string) => stateAt(incoming, incomingScript, people.liu, stepId);
const step = (id: string) => incomingScript.find((action) => action.stepId === id)!;

describe('incoming 收文: the whole happy path', () => {
  it('runs 签收 → 登记 → 初审 → 拟办 → 批办 → 承办 → 传阅 → 办结 → 归档 and keeps every opinion', () => {
    const final = run(incoming, start(incoming, people.liu), ...incomingScript);
    expect(final).toMatchObject({
      status: 'completed',
      currentStepId: null,
      copies: 2,
      registryNumber: '收〔2026〕88号',
      leadDepartment: '办公室',
    });
    expect(final.history.map((entry) => `${entry.stepName.zh}:${entry.actor.name}:${entry.text}`)).toEqual([
      '签收:刘文书:',
      '签收:刘文书:',
      '登记:刘文书:',
      '初审:李四:属我单位办理范围。',
      '拟办:李四:拟请陈局长阅示，由办公室牵头办理。',
      '批办:陈局长:请办公室牵头，一周内报送结果。',
      '承办:吴承办:已按要求报送。',
      '传阅:陈局长:',
      '传阅:何副局长:已阅。',
      '传阅:李四:',
      '办结:吴承办:办结。',
      '归档:周档案:',
    ]);
    expect(final.history[5]).toMatchObject({ role: 'leader', leadDepartment: '办公室', at: at(5) });
    expect(final.steps.handle).toMatchObject({ assignees: [ref(people.wu)], dueAt: at(5 + 7 * 24) });
  });
});

describe('退回 returning a document to its sender', () => {
  const returnAt = (stepId: string, actor: typeof people.li, opinion?: string) =>
    ({ type: 'return-to-sender', stepId, actor, at: at(3), opinion }) as const;

  it('at 初审, with a reason, ends the flow as returned', () => {
    const result = transition(
      incoming,
      reach('first-review'),
      returnAt('first-review', people.li, '不属于本机关职权范围。'),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toMatchObject({ status: 'returned', currentStepId: null });
    expect(result.state.history.at(-1)).toMatchObject({
      action: 'return-to-sender',
      actor: ref(people.li),
      role: 'reviewer',
      text: '不属于本机关职权范围。',
    });
    expect(result.events).toEqual([
      { type: 'returned-to-sender', stepId: 'first-review', reason: '不属于本机关职权范围。' },
    ]);
    expect(pendingTasks(incoming, result.state)).toEqual([]);
    const later = transition(incoming, result.state, step('first-review'));
    expect(!later.ok && later.error.code).toBe('WF_FLOW_FINISHED');
    expect(!later.ok && later.error.text.zh).toContain('退回来文单位');
  });

  it('needs a reason, and only 签收 and 初审 may return to the sender', () => {
    expect(refusal(incoming, reach('first-review'), returnAt('first-review', people.li))).toBe('WF_REASON_REQUIRED');
    expect(refusal(incoming, reach('sign-for'), returnAt('sign-for', people.liu, '份数不符。'))).toBe('accepted');
    expect(refusal(incoming, reach('propose'), returnAt('propose', people.li, '理由'))).toBe(
      'WF_RETURN_TO_SENDER_NOT_ALLOWED',
    );
    expect(refusal(incoming, reach('first-review'), returnAt('first-review', people.zhang, '理由'))).toBe(
      'WF_ROLE_NOT_ALLOWED',
    );
  });
});

describe('拟办 and 批办', () => {
  it('need an opinion, since the opinion is the proposal or the instruction', () => {
    expect(refusal(incoming, reach('propose'), { ...step('propose'), opinion: undefined })).toBe('WF_OPINION_REQUIRED');
    expect(refusal(incoming, reach('instruct'), { ...step('instruct'), opinion: ' ' })).toBe('WF_OPINION_REQUIRED');
  });

  it('only 批办 names the lead department', () => {
    const propose = { ...step('propose'), leadDepartment: '办公室' };
    expect(refusal(incoming, reach('propose'), propose)).toBe('WF_FIELD_NOT_ACCEPTED');
  });

  it('承办 may send the document back to the leader, who gets it again', () => {
    const back = {
      type: 'return',
      stepId: 'handle',
      actor: people.wu,
      at: at(6),
      to: 'instruct',
      opinion: '该事项由财务科主办更妥，请重新批办。',
    } as const;
    const state = run(incoming, reach('handle'), back);
    expect(state.currentStepId).toBe('instruct');
    expect(state.steps.instruct!.assignees).toEqual([ref(people.chen)]);
    expect(state.steps.handle!.dueAt).toBeUndefined();
  });
});

describe('传阅 circulating to readers', () => {
  const read = (actor: Actor, hour: number) =>
    ({ type: 'complete', stepId: 'circulate', actor, at: at(hour) }) as const;

  it('always knows who has read it and where it still waits', () => {
    let state = reach('circulate');
    expect(pendingTasks(incoming, state)[0]!.pending.map((person) => person.name)).toEqual([
      '陈局长',
      '何副局长',
      '李四',
    ]);
    state = run(incoming, state, read(people.he, 31));
    expect(pendingTasks(incoming, state)[0]).toMatchObject({
      stepId: 'circulate',
      actedBy: [ref(people.he)],
      pending: [ref(people.chen), ref(people.li)],
    });
    expect(refusal(incoming, state, read(people.he, 32))).toBe('WF_ALREADY_ACTED');
    const notAReader = { id: 'u-xu', name: '徐处长', roles: ['leader' as const] };
    expect(refusal(incoming, state, read(notAReader, 32))).toBe('WF_NOT_ASSIGNEE');
    state = run(incoming, state, read(people.chen, 33), read(people.li, 34));
    expect(state.currentStepId).toBe('close');
  });

  it('needs readers before anyone reads; the registrar names them', () => {
    const open = run(incoming, reach('handle'), { ...step('handle'), next: undefined });
    expect(refusal(incoming, open, read(people.chen, 31))).toBe('WF_NOT_ASSIGNED');
    const readers = { type: 'assign', stepId: 'circulate', at: at(31), assignees: [ref(people.chen)] } as const;
    expect(refusal(incoming, open, { ...readers, actor: people.wu })).toBe('WF_ASSIGN_NOT_ALLOWED');
    const assigned = run(incoming, open, { ...readers, actor: people.liu });
    expect(run(incoming, assigned, read(people.chen, 32)).currentStepId).toBe('close');
  });
});

describe('催办 chasing 承办 after the deadline set at 批办', () => {
  const chase = (hour: number) =>
    ({ type: 'chase', stepId: 'handle', actor: people.li, at: at(hour), opinion: '请于今日报送。' }) as const;

  it('flags the task overdue and lets the office chase the handler', () => {
    const state = reach('handle');
    const due = at(5 + 7 * 24);
    expect(pendingTasks(incoming, state, at(100))[0]).toMatchObject({
      dueAt: due,
      overdue: false,
      pending: [ref(people.wu)],
    });
    expect(pendingTasks(incoming, state, at(200))[0]!.overdue).toBe(true);
    expect(refusal(incoming, state, chase(100))).toBe('WF_NOT_OVERDUE');
    const chased = run(incoming, state, chase(200));
    expect(chased.history.at(-1)).toMatchObject({ action: 'chase', people: [ref(people.wu)], actor: ref(people.li) });
    expect(run(incoming, chased, { ...step('handle'), at: at(201) }).currentStepId).toBe('circulate');
  });
});

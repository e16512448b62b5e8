/**
 * People, times and scripted runs shared by the workflow tests (not exported from the
 * package). Everything is plain data: a script is the list of actions a happy path takes.
 */
import type { WorkflowAction } from './actions';
import type { WorkflowDefinition } from './definition';
import type { WorkflowErrorCode } from './errors';
import type { Actor, WorkflowRole } from './roles';
import { startWorkflow } from './start';
import type { WorkflowState } from './state';
import { transition } from './transition';

const person = (id: string, name: string, ...roles: WorkflowRole[]): Actor => ({ id: `u-${id}`, name, roles });

export const people = {
  zhang: person('zhang', '张三', 'drafter'),
  li: person('li', '李四', 'reviewer'),
  wang: person('wang', '王五', 'countersigner'),
  zhao: person('zhao', '赵六', 'countersigner'),
  sun: person('sun', '孙七', 'countersigner'),
  chen: person('chen', '陈局长', 'leader'),
  he: person('he', '何副局长', 'leader'),
  liu: person('liu', '刘文书', 'registrar'),
  zhou: person('zhou', '周档案', 'records-officer'),
  admin: person('admin', '管理员', 'admin'),
  wu: person('wu', '吴承办', 'drafter'),
};

export const ref = (actor: Actor) => ({ id: actor.id, name: actor.name });

/** Someone holding only `role` (and no assignment anywhere). */
export function only(role: WorkflowRole): Actor {
  return person(`only-${role}`, `仅${role}`, role);
}

/** Hour `n` after 09:00 Beijing time (01:00 UTC) on 23 November 2026. */
export function at(n: number): string {
  return new Date(Date.UTC(2026, 10, 23, 1 + n)).toISOString();
}

export function start(definition: WorkflowDefinition, actor: Actor): WorkflowState {
  const result = startWorkflow(definition, { actor, at: at(0) });
  if (!result.ok) throw new Error(`start refused: ${result.error.code} ${result.error.text.en}`);
  return result.state;
}

/** Applies the actions in turn (typed loosely: tests also pass literal `as const` objects). */
export function run(definition: WorkflowDefinition, state: WorkflowState, ...actions: unknown[]): WorkflowState {
  return actions.reduce<WorkflowState>((current, action) => {
    const result = transition(definition, current, action);
    if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.text.en}`);
    return result.state;
  }, state);
}

/** The code of the refusal, or 'accepted' when the action went through. */
export function refusal(
  definition: WorkflowDefinition,
  state: unknown,
  action: unknown,
): WorkflowErrorCode | 'accepted' {
  const result = transition(definition, state, action);
  return result.ok ? 'accepted' : result.error.code;
}

export const outgoingScript: WorkflowAction[] = [
  {
    type: 'complete',
    stepId: 'draft',
    actor: people.zhang,
    at: at(1),
    opinion: '请审核。',
    next: { assignees: [ref(people.li)] },
  },
  {
    type: 'complete',
    stepId: 'review',
    actor: people.li,
    at: at(2),
    opinion: '同意，请会签。',
    next: { assignees: [ref(people.wang), ref(people.zhao), ref(people.sun)], dueAt: at(26) },
  },
  { type: 'complete', stepId: 'countersign', actor: people.wang, at: at(3), opinion: '同意。' },
  { type: 'complete', stepId: 'countersign', actor: people.zhao, at: at(4), opinion: '同意。' },
  {
    type: 'complete',
    stepId: 'countersign',
    actor: people.sun,
    at: at(5),
    opinion: '无意见。',
    next: undefined,
  },
  { type: 'complete', stepId: 'sign-off', actor: people.chen, at: at(6), opinion: '同意印发。' },
  { type: 'complete', stepId: 'recheck', actor: people.li, at: at(7), change: 'editorial' },
  { type: 'complete', stepId: 'register', actor: people.liu, at: at(8), docNumber: '市府办发〔2026〕12号' },
  { type: 'complete', stepId: 'seal', actor: people.liu, at: at(9) },
  { type: 'complete', stepId: 'dispatch', actor: people.liu, at: at(10) },
  { type: 'complete', stepId: 'archive', actor: people.zhou, at: at(11) },
];

export const incomingScript: WorkflowAction[] = [
  { type: 'complete', stepId: 'sign-for', actor: people.liu, at: at(1), copies: 2 },
  { type: 'complete', stepId: 'register', actor: people.liu, at: at(2), registryNumber: '收〔2026〕88号' },
  { type: 'complete', stepId: 'first-review', actor: people.li, at: at(3), opinion: '属我单位办理范围。' },
  { type: 'complete', stepId: 'propose', actor: people.li, at: at(4), opinion: '拟请陈局长阅示，由办公室牵头办理。' },
  {
    type: 'complete',
    stepId: 'instruct',
    actor: people.chen,
    at: at(5),
    opinion: '请办公室牵头，一周内报送结果。',
    leadDepartment: '办公室',
    next: { assignees: [ref(people.wu)], dueAt: at(5 + 7 * 24) },
  },
  {
    type: 'complete',
    stepId: 'handle',
    actor: people.wu,
    at: at(30),
    opinion: '已按要求报送。',
    next: { assignees: [ref(people.chen), ref(people.he), ref(people.li)] },
  },
  { type: 'complete', stepId: 'circulate', actor: people.chen, at: at(31) },
  { type: 'complete', stepId: 'circulate', actor: people.he, at: at(32), opinion: '已阅。' },
  { type: 'complete', stepId: 'circulate', actor: people.li, at: at(33) },
  { type: 'complete', stepId: 'close', actor: people.wu, at: at(34), opinion: '办结。' },
  { type: 'complete', stepId: 'archive', actor: people.zhou, at: at(35) },
];

/** The state of a scripted run at the moment `stepId` first becomes the open step. */
export function stateAt(
  definition: WorkflowDefinition,
  script: readonly WorkflowAction[],
  starter: Actor,
  stepId: string,
): WorkflowState {
  let state = start(definition, starter);
  for (const action of script) {
    if (state.currentStepId === stepId) return state;
    state = run(definition, state, action);
  }
  if (state.currentStepId === stepId) return state;
  throw new Error(`the script never reaches ${stepId}`);
}

/** The custom definition shown in docs/workflow.md (keep the two identical). */
export const twoReviewsExample: unknown = {
  id: 'outgoing-two-reviews',
  version: 1,
  name: {
    zh: '发文办理（处室、办公室两级核稿）',
    en: 'outgoing document, two-level review',
  },
  direction: 'outgoing',
  steps: [
    {
      kind: 'draft',
    },
    {
      kind: 'review',
      name: {
        zh: '处室核稿',
        en: 'department review',
      },
    },
    {
      kind: 'review',
      id: 'office-review',
      name: {
        zh: '办公室核稿',
        en: 'office review',
      },
      returnTo: ['draft', 'review'],
      dueDays: 2,
    },
    {
      kind: 'countersign',
      dueDays: 3,
    },
    {
      kind: 'sign-off',
      returnTo: ['draft', 'office-review'],
    },
    {
      kind: 'register',
    },
    {
      kind: 'seal',
    },
    {
      kind: 'dispatch',
      roles: ['registrar', 'reviewer'],
    },
    {
      kind: 'archive',
    },
  ],
};

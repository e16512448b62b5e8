import { describe, expect, it } from 'vitest';
import { defaultIncomingDefinition, defaultOutgoingDefinition as outgoing } from './defaults';
import type { Actor } from './roles';
import { startWorkflow } from './start';
import { workflowStateSchema, type WorkflowState } from './state';
import { availableActions, pendingTasks } from './tasks';
import { at, outgoingScript, people, ref, refusal, run, start, stateAt } from './test-support';
import { transition } from './transition';

const reach = (stepId: string) => stateAt(outgoing, outgoingScript, people.zhang, stepId);
const summary = (state: WorkflowState, actor: Actor, now?: string) =>
  availableActions(outgoing, state, actor, now).map((action) =>
    action.type === 'assign' ? `assign:${action.stepId}` : action.type,
  );

describe('startWorkflow', () => {
  it('opens the first step for its starter and records the start', () => {
    const result = startWorkflow(outgoing, { actor: people.zhang, at: at(0), opinion: '关于冬季安全生产的通知' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state).toMatchObject({ status: 'active', currentStepId: 'draft', startedAt: at(0) });
    expect(result.state.steps.draft).toMatchObject({ status: 'open', round: 1, assignees: [ref(people.zhang)] });
    expect(result.state.history).toEqual([
      expect.objectContaining({ seq: 1, action: 'start', text: '关于冬季安全生产的通知', role: 'drafter' }),
    ]);
    expect(result.events).toEqual([
      { type: 'started', stepId: 'draft' },
      { type: 'step-opened', stepId: 'draft', assignees: [ref(people.zhang)] },
    ]);
    expect(workflowStateSchema.parse(JSON.parse(JSON.stringify(result.state)))).toEqual(result.state);
  });

  it('refuses a starter without the first step’s role, and bad input', () => {
    const registrar = startWorkflow(outgoing, { actor: people.liu, at: at(0) });
    expect(!registrar.ok && registrar.error.code).toBe('WF_ROLE_NOT_ALLOWED');
    expect(!registrar.ok && registrar.error.text.zh).toBe('“拟稿”环节须由拟稿人办理，刘文书没有相应角色。');
    const incoming = startWorkflow(defaultIncomingDefinition, { actor: people.liu, at: at(0) });
    expect(incoming.ok && incoming.state.currentStepId).toBe('sign-for');
    for (const input of [undefined, {}, { actor: people.zhang }, { actor: people.zhang, at: 'yesterday' }]) {
      const result = startWorkflow(outgoing, input);
      expect(!result.ok && result.error.code).toBe('WF_INPUT_INVALID');
    }
    const late = startWorkflow(outgoing, { actor: people.zhang, at: at(5), dueAt: at(1) });
    expect(!late.ok && late.error.code).toBe('WF_DUE_DATE_INVALID');
  });
});

describe('pendingTasks: where the document is and who must act', () => {
  it('names the open step, its roles, assignees, pending people, due date and overdue flag', () => {
    const state = run(outgoing, reach('countersign'), outgoingScript[2]!);
    expect(pendingTasks(outgoing, state, at(30))).toEqual([
      {
        stepId: 'countersign',
        kind: 'countersign',
        name: { zh: '会签', en: 'countersign' },
        mode: 'parallel',
        roles: ['countersigner'],
        assignees: [ref(people.wang), ref(people.zhao), ref(people.sun)],
        pending: [ref(people.zhao), ref(people.sun)],
        actedBy: [ref(people.wang)],
        openedAt: at(2),
        dueAt: at(26),
        overdue: true,
      },
    ]);
    expect(pendingTasks(outgoing, state)[0]!.overdue).toBe(false);
    expect(pendingTasks(outgoing, reach('sign-off'), at(999))[0]).toMatchObject({ assignees: [], overdue: false });
  });
});

describe('availableActions', () => {
  it('offers each person what they may do at 核稿', () => {
    const state = reach('review');
    expect(summary(state, people.li)).toEqual([
      'complete',
      'return',
      'assign:review',
      'assign:countersign',
      'assign:sign-off',
      'assign:recheck',
      'assign:register',
      'assign:seal',
      'assign:dispatch',
    ]);
    expect(summary(state, people.zhang)).toEqual(['assign:review', 'assign:countersign']);
    expect(summary(state, people.chen)).toEqual([]);
    expect(summary(state, people.admin)).toHaveLength(8);
    expect(availableActions(outgoing, state, people.li)[1]).toEqual({
      type: 'return',
      stepId: 'review',
      targets: ['draft'],
    });
  });

  it('lists chasing only when given a time past the due date', () => {
    const state = run(outgoing, reach('countersign'), outgoingScript[2]!);
    expect(summary(state, people.liu)).not.toContain('chase');
    expect(summary(state, people.liu, at(10))).not.toContain('chase');
    expect(availableActions(outgoing, state, people.liu, at(30))).toContainEqual({
      type: 'chase',
      stepId: 'countersign',
      people: [ref(people.zhao), ref(people.sun)],
    });
  });

  it('tells the register it needs the 发文字号, and offers nothing once the flow is done', () => {
    expect(availableActions(outgoing, reach('register'), people.liu)[0]).toEqual({
      type: 'complete',
      stepId: 'register',
      opinionRequired: false,
      fields: ['docNumber'],
      requiredFields: ['docNumber'],
    });
    const done = run(outgoing, start(outgoing, people.zhang), ...outgoingScript);
    expect(availableActions(outgoing, done, people.admin)).toEqual([]);
    expect(pendingTasks(outgoing, done)).toEqual([]);
  });

  it('agrees with transition: complete is offered exactly when the scripted completion is accepted', () => {
    let state = start(outgoing, people.zhang);
    for (const action of outgoingScript) {
      for (const actor of Object.values(people)) {
        const offered = availableActions(outgoing, state, actor).some((offer) => offer.type === 'complete');
        expect(refusal(outgoing, state, { ...action, actor }) === 'accepted', `${actor.name} at ${action.stepId}`).toBe(
          offered,
        );
      }
      state = run(outgoing, state, action);
    }
  });
});

describe('bad input gets a typed refusal, never an exception', () => {
  const state = reach('review');
  const good = outgoingScript[1]!;

  it.each([
    ['no action', undefined, 'WF_INPUT_INVALID'],
    ['an unknown action type', { ...good, type: 'approve-all' }, 'WF_INPUT_INVALID'],
    ['an actor without roles', { ...good, actor: { id: 'x', name: 'x', roles: [] } }, 'WF_INPUT_INVALID'],
    ['an unknown role', { ...good, actor: { ...people.li, roles: ['boss'] } }, 'WF_INPUT_INVALID'],
    ['a time that is not ISO 8601', { ...good, at: '2026年11月23日' }, 'WF_INPUT_INVALID'],
    ['a step that does not exist', { ...good, stepId: 'approve' }, 'WF_STEP_UNKNOWN'],
    ['copies that are not a count', { ...good, copies: -1 }, 'WF_INPUT_INVALID'],
  ])('%s', (_name, action, code) => {
    expect(refusal(outgoing, state, action)).toBe(code);
  });

  it.each([
    ['no state', undefined, 'WF_STATE_INVALID'],
    ['a state missing its history', { ...state, history: undefined }, 'WF_STATE_INVALID'],
    ['a state on an unknown step', { ...state, currentStepId: 'approve' }, 'WF_STATE_INVALID'],
    ['an active state without an open step', { ...state, currentStepId: null }, 'WF_STATE_INVALID'],
    ['a state of another definition', { ...state, definitionId: 'incoming-default' }, 'WF_DEFINITION_MISMATCH'],
    ['a state of another version', { ...state, definitionVersion: 2 }, 'WF_DEFINITION_MISMATCH'],
  ])('%s', (_name, badState, code) => {
    expect(refusal(outgoing, badState, good)).toBe(code);
  });

  it('explains the refusal in Chinese and English, as JSON without a stack', () => {
    const result = transition(outgoing, state, { ...good, actor: people.wang });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.toJSON()).toEqual({
      code: 'WF_ROLE_NOT_ALLOWED',
      message: {
        zh: '“核稿”环节须由核稿人办理，王五没有相应角色。',
        en: 'The step "review" is for reviewer; 王五 holds none of these roles.',
      },
      details: { roles: ['reviewer'] },
    });
    expect(Object.keys(JSON.parse(JSON.stringify(result.error)))).toEqual(['code', 'message', 'details']);
  });

  it('works on a state that went through JSON (stored and synced)', () => {
    const stored = JSON.parse(JSON.stringify(state));
    expect(refusal(outgoing, stored, good)).toBe('accepted');
  });
});

import { describe, expect, it } from 'vitest';
import {
  defaultIncomingDefinition,
  defaultIncomingInput,
  defaultOutgoingDefinition,
  defaultOutgoingInput,
} from './defaults';
import { validateWorkflowDefinition } from './definition';
import { at, people, ref, run, start, twoReviewsExample as example } from './test-support';

const outgoingSteps = (...kinds: (string | Record<string, unknown>)[]) => ({
  id: 'custom',
  name: { zh: '自定义', en: 'custom' },
  direction: 'outgoing',
  steps: kinds.map((kind) => (typeof kind === 'string' ? { kind } : kind)),
});
const incomingSteps = (...kinds: string[]) => ({ ...outgoingSteps(...kinds), direction: 'incoming' });
const codes = (input: unknown) => {
  const result = validateWorkflowDefinition(input);
  return result.ok ? [] : result.violations.map((violation) => violation.code);
};

describe('the default definitions', () => {
  it('list the steps of GONGWEN.md §3 in order', () => {
    expect(defaultOutgoingDefinition.steps.map((step) => step.name.zh).join('→')).toBe(
      '拟稿→核稿→会签→签发→复核→登记→用印→核发→归档',
    );
    expect(defaultIncomingDefinition.steps.map((step) => step.name.zh).join('→')).toBe(
      '签收→登记→初审→拟办→批办→承办→传阅→办结→归档',
    );
  });

  it('fill in modes, roles and return targets from the step table', () => {
    const byId = Object.fromEntries(defaultOutgoingDefinition.steps.map((step) => [step.id, step]));
    expect(byId.countersign).toMatchObject({
      mode: 'parallel',
      roles: ['countersigner'],
      returnTo: ['draft', 'review'],
    });
    expect(byId['sign-off']).toMatchObject({ mode: 'single', roles: ['leader'], returnTo: ['draft', 'review'] });
    expect(byId.recheck!.returnTo).toEqual(['draft', 'sign-off']);
    expect(byId.archive).toMatchObject({ roles: ['records-officer'], returnTo: [] });
  });

  it('validate again to the same thing after a JSON round trip (they are stored and synced)', () => {
    for (const definition of [defaultOutgoingDefinition, defaultIncomingDefinition]) {
      const again = validateWorkflowDefinition(JSON.parse(JSON.stringify(definition)));
      expect(again.ok && again.definition).toEqual(definition);
    }
    expect(validateWorkflowDefinition(defaultIncomingInput).ok).toBe(true);
    expect(validateWorkflowDefinition(defaultOutgoingInput).ok).toBe(true);
  });
});

describe('a custom definition (docs/workflow.md example)', () => {
  const result = validateWorkflowDefinition(example);

  it('is valid and keeps its own names, ids, roles, returns and due days', () => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const steps = result.definition.steps;
    expect(steps.map((step) => step.id)).toEqual([
      'draft',
      'review',
      'office-review',
      'countersign',
      'sign-off',
      'register',
      'seal',
      'dispatch',
      'archive',
    ]);
    expect(steps[2]).toMatchObject({ name: { zh: '办公室核稿' }, returnTo: ['draft', 'review'], dueDays: 2 });
    expect(steps[7]!.roles).toEqual(['registrar', 'reviewer']);
  });

  it('runs: the second review is its own step with its own due date', () => {
    if (!result.ok) return;
    const definition = result.definition;
    const state = run(
      definition,
      start(definition, people.zhang),
      { type: 'complete', stepId: 'draft', actor: people.zhang, at: at(1) },
      { type: 'complete', stepId: 'review', actor: people.li, at: at(2) },
    );
    expect(state.currentStepId).toBe('office-review');
    expect(state.steps['office-review']!.dueAt).toBe(at(2 + 48));
    const back = run(definition, state, {
      type: 'return',
      stepId: 'office-review',
      actor: people.li,
      at: at(3),
      to: 'review',
      opinion: '请处室补充依据。',
    });
    expect(back.currentStepId).toBe('review');
    expect(back.steps.review!.assignees).toEqual([ref(people.li)]);
  });
});

describe('invalid definitions: every problem, with a stable code', () => {
  const cases: [string, unknown, string[]][] = [
    [
      'an unknown step kind',
      outgoingSteps('draft', 'approve', 'sign-off', 'register', 'dispatch'),
      ['WFD_STEP_KIND_UNKNOWN'],
    ],
    [
      'an incoming step in an outgoing flow',
      outgoingSteps('draft', 'circulate', 'sign-off', 'register', 'dispatch'),
      ['WFD_WRONG_DIRECTION'],
    ],
    [
      'two steps with the same id',
      outgoingSteps('draft', 'review', 'review', 'sign-off', 'register', 'dispatch'),
      ['WFD_STEP_ID_DUPLICATE'],
    ],
    [
      'a step kind that may appear only once, twice',
      outgoingSteps('draft', 'sign-off', { kind: 'sign-off', id: 'sign-off-2' }, 'register', 'dispatch'),
      ['WFD_STEP_KIND_REPEATED'],
    ],
    [
      'an outgoing flow not starting with 拟稿',
      outgoingSteps('review', 'draft', 'sign-off', 'register', 'dispatch'),
      ['WFD_FIRST_STEP'],
    ],
    ['an outgoing flow without 签发', outgoingSteps('draft', 'review', 'register', 'dispatch'), ['WFD_STEP_REQUIRED']],
    ['登记 before 签发', outgoingSteps('draft', 'register', 'sign-off', 'dispatch'), ['WFD_STEP_ORDER']],
    ['用印 before 登记', outgoingSteps('draft', 'sign-off', 'seal', 'register', 'dispatch'), ['WFD_STEP_ORDER']],
    ['核发 before 用印', outgoingSteps('draft', 'sign-off', 'register', 'dispatch', 'seal'), ['WFD_STEP_ORDER']],
    ['会签 after 签发', outgoingSteps('draft', 'sign-off', 'countersign', 'register', 'dispatch'), ['WFD_STEP_ORDER']],
    ['归档 not last', outgoingSteps('draft', 'sign-off', 'register', 'archive', 'dispatch'), ['WFD_LAST_STEP']],
    [
      '签发 given to a drafter',
      outgoingSteps('draft', { kind: 'sign-off', roles: ['drafter'] }, 'register', 'dispatch'),
      ['WFD_ROLE_NOT_PERMITTED'],
    ],
    [
      'a return pointing forward',
      outgoingSteps('draft', { kind: 'review', returnTo: ['sign-off'] }, 'sign-off', 'register', 'dispatch'),
      ['WFD_RETURN_FORWARD'],
    ],
    [
      'a return to itself',
      outgoingSteps('draft', { kind: 'review', returnTo: ['review'] }, 'sign-off', 'register', 'dispatch'),
      ['WFD_RETURN_FORWARD'],
    ],
    [
      'a return to a step that does not exist',
      outgoingSteps('draft', { kind: 'review', returnTo: ['drafting'] }, 'sign-off', 'register', 'dispatch'),
      ['WFD_RETURN_UNKNOWN'],
    ],
    ['an incoming flow not starting with 签收', incomingSteps('register', 'sign-for', 'close'), ['WFD_FIRST_STEP']],
    ['an incoming flow without 办结', incomingSteps('sign-for', 'register', 'handle'), ['WFD_STEP_REQUIRED']],
    ['承办 before 批办', incomingSteps('sign-for', 'register', 'handle', 'instruct', 'close'), ['WFD_STEP_ORDER']],
    [
      'an outgoing step in an incoming flow',
      incomingSteps('sign-for', 'register', 'seal', 'close'),
      ['WFD_WRONG_DIRECTION'],
    ],
    ['a bad id', { ...outgoingSteps('draft', 'sign-off', 'register', 'dispatch'), id: 'Bad Id' }, ['WFD_SCHEMA']],
    ['no steps', outgoingSteps(), ['WFD_SCHEMA']],
    ['an unknown direction', { ...outgoingSteps('draft'), direction: 'sideways' }, ['WFD_SCHEMA']],
    [
      'an unknown role',
      outgoingSteps('draft', { kind: 'sign-off', roles: ['boss'] }, 'register', 'dispatch'),
      ['WFD_SCHEMA'],
    ],
    ['not an object', null, ['WFD_SCHEMA']],
  ];

  it.each(cases)('refuses %s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('reports all problems at once, each with a path and messages in Chinese and English', () => {
    const result = validateWorkflowDefinition(outgoingSteps('review', 'seal', 'register', 'dispatch'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.violations.map((violation) => [violation.code, violation.path])).toEqual([
      ['WFD_FIRST_STEP', 'steps[0].kind'],
      ['WFD_STEP_REQUIRED', 'steps'],
      ['WFD_STEP_REQUIRED', 'steps'],
      ['WFD_STEP_ORDER', 'steps[2].kind'],
    ]);
    expect(result.violations[0]!.message).toEqual({
      zh: '发文流程须以“拟稿”开始。',
      en: 'An outgoing flow starts with "draft".',
    });
    expect(result.violations[3]!.message.zh).toBe('“登记”须在“用印”之前。');
  });

  it('never throws, whatever it is given', () => {
    for (const input of [
      undefined,
      42,
      'outgoing',
      [],
      { steps: 'draft' },
      { ...outgoingSteps('draft'), steps: [null] },
    ]) {
      expect(validateWorkflowDefinition(input).ok).toBe(false);
    }
  });
});

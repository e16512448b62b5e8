import { describe, expect, it } from 'vitest';
import type { WorkflowAction } from './actions';
import { defaultIncomingDefinition, defaultOutgoingDefinition } from './defaults';
import { workflowRoles, type Actor } from './roles';
import { stepKindOf } from './steps';
import { at, incomingScript, only, outgoingScript, people, refusal, run, stateAt } from './test-support';
import { transition, transitionLoaded } from './transition';

/**
 * Every step of both default flows, table-driven from the scripted happy paths: the right
 * person completes it, every other role is refused, a stale step is refused, a stranger is
 * refused where the step is assigned, and returns go exactly where the definition allows.
 */
const flows = [
  { definition: defaultOutgoingDefinition, script: outgoingScript, starter: people.zhang },
  { definition: defaultIncomingDefinition, script: incomingScript, starter: people.liu },
];

describe.each(flows)('$definition.id', ({ definition, script, starter }) => {
  const steps = definition.steps;
  const actionsOf = (stepId: string) => script.filter((action) => action.stepId === stepId);

  describe.each(steps.map((step, index) => ({ step, index })))('step $step.id', ({ step, index }) => {
    const before = () => stateAt(definition, script, starter, step.id);
    const first = actionsOf(step.id)[0]! as WorkflowAction & { actor: Actor };
    const next = steps[index + 1];

    it('is completed by the people of its role and moves on', () => {
      const after = run(definition, before(), ...actionsOf(step.id));
      expect(after.steps[step.id]!.status).toBe('done');
      if (next) expect(after.currentStepId).toBe(next.id);
      else expect(after.status).toBe('completed');
    });

    it.each(workflowRoles.filter((role) => !step.roles.includes(role)))('refuses someone who is only %s', (role) => {
      expect(refusal(definition, before(), { ...first, actor: only(role) })).toBe('WF_ROLE_NOT_ALLOWED');
    });

    it('refuses an action naming another step than the open one', () => {
      const other = actionsOf((next ?? steps[0]!).id)[0]!;
      expect(refusal(definition, before(), other)).toBe('WF_STEP_MISMATCH');
    });

    it('refuses someone with the right role who is not assigned, when the step is assigned', () => {
      const state = before();
      const stranger = { ...first.actor, id: 'u-stranger', name: '路人' };
      const expected = state.steps[step.id]!.assignees.length > 0 ? 'WF_NOT_ASSIGNEE' : 'accepted';
      expect(refusal(definition, state, { ...first, actor: stranger })).toBe(expected);
    });

    it.each(step.returnTo)('returns with a reason to %s, which opens again', (target) => {
      const result = transition(definition, before(), {
        type: 'return',
        stepId: step.id,
        actor: first.actor,
        at: at(50),
        to: target,
        opinion: '请修改后再报。',
      });
      expect(result.ok && result.state.currentStepId).toBe(target);
    });

    it('refuses a return to itself, to a later step, or without a reason', () => {
      const ret = { type: 'return', stepId: step.id, actor: first.actor, at: at(50), opinion: '理由' } as const;
      expect(refusal(definition, before(), { ...ret, to: step.id })).toBe('WF_RETURN_TARGET_INVALID');
      if (next) expect(refusal(definition, before(), { ...ret, to: next.id })).toBe('WF_RETURN_TARGET_INVALID');
      const target = step.returnTo[0] ?? steps[0]!.id;
      expect(refusal(definition, before(), { ...ret, to: target, opinion: '  ' })).toBe('WF_REASON_REQUIRED');
    });

    it(`${stepKindOf(definition.direction, step.kind)!.returnToSender ? 'may' : 'may not'} return the document to its sender`, () => {
      const result = transition(definition, before(), {
        type: 'return-to-sender',
        stepId: step.id,
        actor: first.actor,
        at: at(50),
        opinion: '非我单位职责范围。',
      });
      if (stepKindOf(definition.direction, step.kind)!.returnToSender) {
        expect(result.ok && result.state.status).toBe('returned');
      } else {
        expect(!result.ok && result.error.code).toBe('WF_RETURN_TO_SENDER_NOT_ALLOWED');
      }
    });
  });

  it('gives the same outcome for a state already checked (transitionLoaded), leaving it unchanged', () => {
    let checked = stateAt(definition, script, starter, steps[0]!.id);
    for (const action of script) {
      const given = JSON.stringify(checked);
      const loaded = transitionLoaded(definition, checked, action);
      expect(loaded).toEqual(transition(definition, checked, action));
      expect(JSON.stringify(checked)).toBe(given);
      if (!loaded.ok) throw new Error(loaded.error.code);
      checked = loaded.state;
    }
    expect(checked.status).toBe('completed');
    expect(transitionLoaded(definition, checked, { type: 'complete' })).toMatchObject({
      ok: false,
      error: { code: 'WF_INPUT_INVALID' },
    });
  });

  it('refuses every action once the flow is completed', () => {
    const done = run(definition, stateAt(definition, script, starter, steps[0]!.id), ...script);
    expect(done.status).toBe('completed');
    expect(done.currentStepId).toBeNull();
    for (const action of [script[0]!, script.at(-1)!]) {
      expect(refusal(definition, done, action)).toBe('WF_FLOW_FINISHED');
    }
  });
});

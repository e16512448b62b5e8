import { defaultOutgoingDefinition, startWorkflow, transition, type WorkflowState } from '@oa/shared';
import { describe, expect, it } from 'vitest';
import { draftAccessOf, everyone, flowFacts, newlyGranted, type DraftPerson } from './access-rule';

const at = '2026-11-23T09:00:00+08:00';
const zhang = { id: 'user:zhang', name: '张三', roles: ['drafter' as const] };
const wang = { id: 'user:wang', name: '王五', roles: ['reviewer' as const] };
const zhao = 'user:zhao';
const drafter: DraftPerson[] = [{ userId: zhang.id, relation: 'drafter' }];

/** States the shared state machine makes, as the hub stores them. */
function flow(...actions: Record<string, unknown>[]): WorkflowState {
  const started = startWorkflow(defaultOutgoingDefinition, { actor: zhang, at });
  if (!started.ok) throw started.error;
  let state = started.state;
  for (const action of actions) {
    const next = transition(defaultOutgoingDefinition, state, { at, ...action });
    if (!next.ok) throw next.error;
    state = next.state;
  }
  return state;
}

describe('who may open a draft', () => {
  it('lets the drafter and the invited co-drafters in, and nobody else while no flow names them', () => {
    const people: DraftPerson[] = [...drafter, { userId: 'user:li', relation: 'co-drafter' }];
    const facts = { people, flows: [flowFacts(flow())] };
    expect(draftAccessOf(zhang.id, facts)).toBe('drafter');
    expect(draftAccessOf('user:li', facts)).toBe('co-drafter');
    expect(draftAccessOf(zhao, facts)).toBeUndefined();
    expect(draftAccessOf(zhao, { people, flows: [] })).toBeUndefined();
  });

  it('lets in whom the flow gives a task by name, and keeps them in after they acted', () => {
    const toWang = { type: 'complete', stepId: 'draft', actor: zhang, next: { assignees: [wang] } };
    const given = flowFacts(flow(toWang));
    expect(given.openToRole).toBe(false);
    expect(draftAccessOf(wang.id, { people: drafter, flows: [given] })).toBe('task');
    expect(draftAccessOf(zhao, { people: drafter, flows: [given] })).toBeUndefined();
    const done = flowFacts(
      flow(toWang, {
        type: 'complete',
        stepId: 'review',
        actor: wang,
        next: { assignees: [{ id: zhao, name: '赵六' }] },
      }),
    );
    expect(draftAccessOf(wang.id, { people: drafter, flows: [done] })).toBe('task');
    expect(draftAccessOf(zhao, { people: drafter, flows: [done] })).toBe('task');
    expect(newlyGranted(given, done, drafter)).toEqual([zhao]);
  });

  it("opens the draft to the agency's people while its open step is given to a role, not to named people", () => {
    const before = flowFacts(flow());
    const toRole = flowFacts(flow({ type: 'complete', stepId: 'draft', actor: zhang }));
    expect(toRole.openToRole).toBe(true);
    expect(draftAccessOf(zhao, { people: drafter, flows: [toRole] })).toBe('role-step');
    expect(newlyGranted(before, toRole, drafter)).toEqual([everyone]);
    // A stored state the rule cannot read grants nothing.
    expect(flowFacts({ steps: 'garbled' })).toEqual({ named: new Set(), openToRole: false });
  });
});

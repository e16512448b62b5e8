import { z } from 'zod';
import { openStep, record, type Change } from './apply';
import { checkDistinct, checkDueDate } from './checks';
import type { WorkflowDefinition } from './definition';
import { bilingual, WorkflowError } from './errors';
import { roleList, actorSchema, personSchema } from './roles';
import { isoTimeSchema, type WorkflowState } from './state';
import { describeIssues, type TransitionResult } from './transition';

export const startInputSchema = z.object({
  /** Who starts the flow: must hold a role of the first step (a drafter, or a registrar signing for). */
  actor: actorSchema,
  at: isoTimeSchema,
  /** Who holds the first step; defaults to the actor. */
  assignees: z.array(personSchema).min(1).optional(),
  dueAt: isoTimeSchema.optional(),
  /** The opinion of the start entry, e.g. a note on where the document came from. */
  opinion: z.string().optional(),
});
export type StartInput = z.input<typeof startInputSchema>;

/** A new workflow on its first step, with the start in the handling record. */
export function startWorkflow(definition: WorkflowDefinition, input: StartInput | unknown): TransitionResult {
  const parsed = startInputSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: new WorkflowError('WF_INPUT_INVALID', { detail: describeIssues(parsed.error.issues) }) };
  }
  const { actor, at, assignees, dueAt, opinion } = parsed.data;
  const first = definition.steps[0]!;
  const role = actor.roles.find((held) => first.roles.includes(held));
  if (!role) {
    const params = { ...bilingual('step', first.name), ...bilingual('roles', roleList(first.roles)), name: actor.name };
    return { ok: false, error: new WorkflowError('WF_ROLE_NOT_ALLOWED', params, { roles: first.roles }) };
  }
  const invalid = checkDueDate(dueAt, at) ?? checkDistinct(assignees ?? []);
  if (invalid) return { ok: false, error: invalid };
  const state: WorkflowState = {
    definitionId: definition.id,
    definitionVersion: definition.version,
    status: 'active',
    currentStepId: first.id,
    steps: Object.fromEntries(
      definition.steps.map((step) => [step.id, { status: 'waiting', assignees: [], actedBy: [], round: 0 }]),
    ),
    startedAt: at,
    updatedAt: at,
    history: [],
  };
  const change: Change = { state, events: [{ type: 'started', stepId: first.id }] };
  record(state, first, { action: 'start', actor, role, text: opinion, at });
  openStep(definition, change, 0, at, { assignees: assignees ?? [{ id: actor.id, name: actor.name }], dueAt });
  return { ok: true, state, events: change.events };
}

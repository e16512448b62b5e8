import type { WorkflowDefinition, WorkflowStep } from './definition';
import { bilingual, WorkflowError, type MessageParams } from './errors';
import { chaserRoles } from './actions';
import { roleList, type Actor, type Person, type WorkflowRole } from './roles';
import { stepKindOf, type StepKind } from './steps';
import type { StepState, WorkflowState } from './state';
import { timeText } from './time';

/**
 * The permission checks, shared by `transition` (which also checks the payload) and
 * `availableActions` (which asks them without one). Each returns the role the actor acts in,
 * or the error that refuses the action.
 */
export type Guarded = { ok: true; role: WorkflowRole } | { ok: false; error: WorkflowError };

export interface StepContext {
  definition: WorkflowDefinition;
  state: WorkflowState;
  step: WorkflowStep;
  kind: StepKind;
  stepState: StepState;
}

export function stepContext(
  definition: WorkflowDefinition,
  state: WorkflowState,
  stepId: string,
): StepContext | WorkflowError {
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (!step) return new WorkflowError('WF_STEP_UNKNOWN', { step: stepId });
  const kind = stepKindOf(definition.direction, step.kind)!;
  const stepState = state.steps[step.id] ?? { status: 'waiting', assignees: [], actedBy: [], round: 0 };
  return { definition, state, step, kind, stepState };
}

export function stepParams(step: WorkflowStep): MessageParams {
  return bilingual('step', step.name);
}

export function names(people: readonly Person[]): string {
  return people.map((person) => person.name).join('、');
}

function refuse(error: WorkflowError): Guarded {
  return { ok: false, error };
}

/** The people who still have to act on an open step (empty for a single step's role pool). */
export function pendingPeople(stepState: StepState): Person[] {
  return stepState.assignees.filter((person) => !stepState.actedBy.some((done) => done.id === person.id));
}

function isCurrent(context: StepContext): WorkflowError | undefined {
  const { state, step, definition } = context;
  if (state.currentStepId === step.id) return undefined;
  const current = definition.steps.find((candidate) => candidate.id === state.currentStepId);
  return new WorkflowError(
    'WF_STEP_MISMATCH',
    { ...stepParams(step), ...bilingual('current', current?.name ?? { zh: '—', en: '—' }) },
    { current: state.currentStepId, step: step.id },
  );
}

/** Completing, returning and returning to sender: the open step, the right role, an assignee. */
export function guardAct(context: StepContext, actor: Actor): Guarded {
  const { step, stepState } = context;
  const mismatch = isCurrent(context);
  if (mismatch) return refuse(mismatch);
  const role = actor.roles.find((held) => step.roles.includes(held));
  const who = { ...stepParams(step), name: actor.name };
  if (!role) {
    return refuse(
      new WorkflowError(
        'WF_ROLE_NOT_ALLOWED',
        { ...who, ...bilingual('roles', roleList(step.roles)) },
        { roles: step.roles },
      ),
    );
  }
  if (step.mode === 'parallel' && stepState.assignees.length === 0) {
    return refuse(new WorkflowError('WF_NOT_ASSIGNED', who));
  }
  if (stepState.assignees.length > 0 && !stepState.assignees.some((person) => person.id === actor.id)) {
    return refuse(new WorkflowError('WF_NOT_ASSIGNEE', { ...who, assignees: names(stepState.assignees) }));
  }
  if (stepState.actedBy.some((person) => person.id === actor.id)) {
    return refuse(new WorkflowError('WF_ALREADY_ACTED', who));
  }
  return { ok: true, role };
}

/**
 * Assigning: the open step or a later one; by an assigner role of the kind, an administrator,
 * or (转办) the current assignee of a single step handing it on.
 */
export function guardAssign(context: StepContext, actor: Actor): Guarded {
  const { definition, state, step, kind, stepState } = context;
  const index = definition.steps.indexOf(step);
  const currentIndex = definition.steps.findIndex((candidate) => candidate.id === state.currentStepId);
  if (stepState.status === 'done' || index < currentIndex) {
    return refuse(new WorkflowError('WF_STEP_CLOSED', stepParams(step)));
  }
  const assignerRole = actor.roles.find((held) => kind.assignerRoles.includes(held));
  if (assignerRole) return { ok: true, role: assignerRole };
  const handingOn =
    step.mode === 'single' &&
    state.currentStepId === step.id &&
    stepState.assignees.some((person) => person.id === actor.id) &&
    actor.roles.find((held) => step.roles.includes(held));
  if (handingOn) return { ok: true, role: handingOn };
  if (actor.roles.includes('admin')) return { ok: true, role: 'admin' };
  return refuse(
    new WorkflowError('WF_ASSIGN_NOT_ALLOWED', {
      ...stepParams(step),
      ...bilingual('roles', roleList(kind.assignerRoles)),
      name: actor.name,
    }),
  );
}

/** Chasing (催办): the open step, past its due date, by a chaser role or an administrator. */
export function guardChase(context: StepContext, actor: Actor, at: string): Guarded {
  const { step, stepState } = context;
  const mismatch = isCurrent(context);
  if (mismatch) return refuse(mismatch);
  const role = actor.roles.find((held) => (chaserRoles as readonly string[]).includes(held) || held === 'admin');
  if (!role) {
    return refuse(
      new WorkflowError('WF_CHASE_NOT_ALLOWED', { ...bilingual('roles', roleList(chaserRoles)), name: actor.name }),
    );
  }
  if (stepState.dueAt === undefined) return refuse(new WorkflowError('WF_NO_DUE_DATE', stepParams(step)));
  if (!isOverdue(stepState.dueAt, at)) {
    const params = { ...stepParams(step), ...bilingual('dueAt', timeText(stepState.dueAt)) };
    return refuse(new WorkflowError('WF_NOT_OVERDUE', params, { dueAt: stepState.dueAt }));
  }
  return { ok: true, role };
}

/** Whether `now` is past `dueAt` (both ISO times, compared as instants). */
export function isOverdue(dueAt: string | undefined, now: string): boolean {
  return dueAt !== undefined && Date.parse(now) > Date.parse(dueAt);
}

import type { WorkflowDefinition, WorkflowStep } from './definition';
import type { WorkflowEvent } from './workflow-events';
import type { Actor, Person, WorkflowRole } from './roles';
import type { HistoryEntry, StepState, WorkflowState } from './state';

/**
 * State changes shared by the transitions. They mutate a state that `transition` has just
 * parsed (a fresh copy), never the caller's object.
 */
const dayMs = 24 * 60 * 60 * 1000;

export interface Change {
  state: WorkflowState;
  events: WorkflowEvent[];
}

export function addDays(at: string, days: number): string {
  return new Date(Date.parse(at) + days * dayMs).toISOString();
}

function person(actor: Actor): Person {
  return { id: actor.id, name: actor.name };
}

export function stepStateOf(state: WorkflowState, stepId: string): StepState {
  const existing = state.steps[stepId];
  if (existing) return existing;
  const created: StepState = { status: 'waiting', assignees: [], actedBy: [], round: 0 };
  state.steps[stepId] = created;
  return created;
}

/** Appends an opinion (意见) to the handling record. */
export function record(
  state: WorkflowState,
  step: WorkflowStep,
  entry: Pick<HistoryEntry, 'action' | 'at'> & { actor: Actor; role: WorkflowRole; text?: string | undefined },
  extra: Partial<Omit<HistoryEntry, 'seq' | 'stepId' | 'stepName' | 'action' | 'actor' | 'role' | 'text' | 'at'>> = {},
): void {
  const defined = Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined));
  state.history.push({
    seq: state.history.length + 1,
    stepId: step.id,
    stepName: step.name,
    action: entry.action,
    actor: person(entry.actor),
    role: entry.role,
    text: entry.text?.trim() ?? '',
    at: entry.at,
    ...defined,
  });
  state.updatedAt = entry.at;
}

export interface NextStep {
  assignees?: Person[] | undefined;
  dueAt?: string | undefined;
}

/** Opens the step at `index`: a new round, assignees and due date from `next`, a preset or the definition. */
export function openStep(
  definition: WorkflowDefinition,
  change: Change,
  index: number,
  at: string,
  next: NextStep = {},
): void {
  const step = definition.steps[index]!;
  const stepState = stepStateOf(change.state, step.id);
  stepState.status = 'open';
  stepState.round += 1;
  stepState.openedAt = at;
  stepState.actedBy = [];
  if (next.assignees) stepState.assignees = next.assignees;
  const dueAt = next.dueAt ?? stepState.dueAt ?? (step.dueDays === undefined ? undefined : addDays(at, step.dueDays));
  if (dueAt !== undefined) stepState.dueAt = dueAt;
  change.state.currentStepId = step.id;
  change.events.push({
    type: 'step-opened',
    stepId: step.id,
    assignees: stepState.assignees,
    ...(dueAt === undefined ? {} : { dueAt }),
  });
}

/** Marks the step done and opens the next one, or completes the flow after the last. */
export function completeStep(
  definition: WorkflowDefinition,
  change: Change,
  step: WorkflowStep,
  at: string,
  next?: NextStep,
): void {
  stepStateOf(change.state, step.id).status = 'done';
  change.events.push({ type: 'step-completed', stepId: step.id });
  const index = definition.steps.indexOf(step);
  if (index + 1 < definition.steps.length) {
    openStep(definition, change, index + 1, at, next);
    return;
  }
  change.state.status = 'completed';
  change.state.currentStepId = null;
  change.events.push({ type: 'flow-completed' });
}

/**
 * Goes back from `from` to the earlier step `to`: the steps in between wait again with
 * their assignees kept and their completions cleared; a single target step goes back to
 * whoever did it last time.
 */
export function reopenEarlier(
  definition: WorkflowDefinition,
  change: Change,
  from: WorkflowStep,
  to: WorkflowStep,
  at: string,
): void {
  const start = definition.steps.indexOf(to);
  const end = definition.steps.indexOf(from);
  for (const step of definition.steps.slice(start, end + 1)) {
    const stepState = stepStateOf(change.state, step.id);
    if (step === to && step.mode === 'single' && stepState.actedBy.length > 0) {
      stepState.assignees = stepState.actedBy;
    }
    stepState.status = 'waiting';
    stepState.actedBy = [];
    delete stepState.dueAt;
  }
  openStep(definition, change, start, at);
}

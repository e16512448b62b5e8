import type { LocalizedText } from '../i18n';
import type { WorkflowDefinition } from './definition';
import { guardAct, guardAssign, guardChase, isOverdue, pendingPeople, stepContext } from './guards';
import type { Actor, Person, WorkflowRole } from './roles';
import { stepKindOf, type CompletionField, type StepMode } from './steps';
import type { WorkflowState } from './state';

/** Where the document is and who must act: the open step of an active flow. */
export interface PendingTask {
  stepId: string;
  kind: string;
  name: LocalizedText;
  mode: StepMode;
  roles: WorkflowRole[];
  /** Everyone assigned (empty: anyone holding one of `roles`). */
  assignees: Person[];
  /** Who still has to act: for a parallel step the assignees who have not, else the assignees. */
  pending: Person[];
  actedBy: Person[];
  openedAt?: string;
  dueAt?: string;
  /** Whether `now` is past the due date (false without a due date or without `now`). */
  overdue: boolean;
}

/** The open tasks of a workflow (none once it is completed or returned). */
export function pendingTasks(definition: WorkflowDefinition, state: WorkflowState, now?: string): PendingTask[] {
  if (state.status !== 'active' || state.currentStepId === null) return [];
  const context = stepContext(definition, state, state.currentStepId);
  if (!('step' in context)) return [];
  const { step, stepState } = context;
  return [
    {
      stepId: step.id,
      kind: step.kind,
      name: step.name,
      mode: step.mode,
      roles: step.roles,
      assignees: stepState.assignees,
      pending: pendingPeople(stepState),
      actedBy: stepState.actedBy,
      ...(stepState.openedAt === undefined ? {} : { openedAt: stepState.openedAt }),
      ...(stepState.dueAt === undefined ? {} : { dueAt: stepState.dueAt }),
      overdue: now !== undefined && isOverdue(stepState.dueAt, now),
    },
  ];
}

/** An action the actor may take now, with what it needs; `transition` still checks the payload. */
export type AvailableAction =
  | {
      type: 'complete';
      stepId: string;
      opinionRequired: boolean;
      fields: CompletionField[];
      requiredFields: CompletionField[];
    }
  | { type: 'return'; stepId: string; targets: string[] }
  | { type: 'return-to-sender'; stepId: string }
  | { type: 'assign'; stepId: string }
  | { type: 'chase'; stepId: string; people: Person[] };

/**
 * What this actor may do on the workflow now (for buttons and menus). Chasing is listed only
 * when `now` is given and the open step is overdue.
 */
export function availableActions(
  definition: WorkflowDefinition,
  state: WorkflowState,
  actor: Actor,
  now?: string,
): AvailableAction[] {
  if (state.status !== 'active' || state.currentStepId === null) return [];
  const actions: AvailableAction[] = [];
  const current = stepContext(definition, state, state.currentStepId);
  if (!('step' in current)) return [];
  const { step } = current;
  const kind = stepKindOf(definition.direction, step.kind)!;
  if (guardAct(current, actor).ok) {
    actions.push({
      type: 'complete',
      stepId: step.id,
      opinionRequired: kind.opinionRequired,
      fields: [...kind.fields],
      requiredFields: [...kind.requiredFields],
    });
    if (step.returnTo.length > 0) actions.push({ type: 'return', stepId: step.id, targets: [...step.returnTo] });
    if (kind.returnToSender) actions.push({ type: 'return-to-sender', stepId: step.id });
  }
  if (now !== undefined && guardChase(current, actor, now).ok) {
    actions.push({ type: 'chase', stepId: step.id, people: pendingPeople(current.stepState) });
  }
  const from = definition.steps.indexOf(step);
  for (const later of definition.steps.slice(from)) {
    const context = stepContext(definition, state, later.id);
    if ('step' in context && guardAssign(context, actor).ok) actions.push({ type: 'assign', stepId: later.id });
  }
  return actions;
}

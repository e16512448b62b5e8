import type { z } from 'zod';
import { formatPath } from '../validation/schema-issues';
import { workflowActionSchema, type ParsedAction, type WorkflowAction } from './actions';
import { completeStep, record, reopenEarlier, stepStateOf, type Change } from './apply';
import { checkAssignees, checkCompletion, checkDueDate, isBlank } from './checks';
import type { WorkflowDefinition } from './definition';
import { WorkflowError } from './errors';
import type { WorkflowEvent } from './workflow-events';
import { guardAct, guardAssign, guardChase, pendingPeople, stepContext, stepParams, type StepContext } from './guards';
import { workflowStateSchema, type WorkflowState } from './state';

export type TransitionResult =
  { ok: true; state: WorkflowState; events: WorkflowEvent[] } | { ok: false; error: WorkflowError };

const statusNames = {
  completed: { zh: '办结', en: 'completed' },
  returned: { zh: '退回来文单位', en: 'returned to the sender' },
} as const;

function fail(error: WorkflowError): TransitionResult {
  return { ok: false, error };
}

/** `actor.roles[0]: Invalid option…; at: Invalid ISO datetime`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${formatPath(issue.path) || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Parses a stored state and checks it belongs to this definition (id and version). */
export function loadState(definition: WorkflowDefinition, input: unknown): WorkflowState | WorkflowError {
  const parsed = workflowStateSchema.safeParse(input);
  if (!parsed.success) return new WorkflowError('WF_STATE_INVALID', { detail: describeIssues(parsed.error.issues) });
  const state = parsed.data;
  if (state.definitionId !== definition.id || state.definitionVersion !== definition.version) {
    return new WorkflowError('WF_DEFINITION_MISMATCH', {
      stateDefinition: `${state.definitionId} v${state.definitionVersion}`,
      definition: `${definition.id} v${definition.version}`,
    });
  }
  if (state.status === 'active' && state.currentStepId === null) {
    return new WorkflowError('WF_STATE_INVALID', { detail: 'active without an open step' });
  }
  if (state.currentStepId !== null && !definition.steps.some((step) => step.id === state.currentStepId)) {
    return new WorkflowError('WF_STATE_INVALID', { detail: `currentStepId "${state.currentStepId}"` });
  }
  return state;
}

function parseAction(action: unknown): ParsedAction | WorkflowError {
  const parsed = workflowActionSchema.safeParse(action);
  if (parsed.success) return parsed.data;
  return new WorkflowError(
    'WF_INPUT_INVALID',
    { detail: describeIssues(parsed.error.issues) },
    { issues: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })) },
  );
}

/**
 * The state machine: applies one action to a state and returns the new state and what
 * happened, or a typed refusal. Pure and deterministic; never throws for bad input and
 * never changes the objects it is given. State and action are typed for readers but may be
 * anything (straight from storage or the network): both are parsed here.
 */
export function transition(
  definition: WorkflowDefinition,
  state: WorkflowState | unknown,
  action: WorkflowAction | unknown,
): TransitionResult {
  const parsedAction = parseAction(action);
  if (parsedAction instanceof WorkflowError) return fail(parsedAction);
  const loaded = loadState(definition, state);
  if (loaded instanceof WorkflowError) return fail(loaded);
  return run(definition, loaded, parsedAction);
}

/**
 * `transition` for a state already checked for this definition: one `loadState` accepted, or
 * one a start or transition of it returned. It is not parsed again (the hub judging several
 * actions on one instance in a pushed batch parses its stored state once); it is copied, so
 * it is not changed either. The action is parsed as always.
 */
export function transitionLoaded(
  definition: WorkflowDefinition,
  state: WorkflowState,
  action: WorkflowAction | unknown,
): TransitionResult {
  const parsedAction = parseAction(action);
  if (parsedAction instanceof WorkflowError) return fail(parsedAction);
  // A state is plain JSON (it is stored as such): a JSON copy is a deep copy.
  return run(definition, JSON.parse(JSON.stringify(state)) as WorkflowState, parsedAction);
}

function run(definition: WorkflowDefinition, loaded: WorkflowState, action: ParsedAction): TransitionResult {
  if (loaded.status !== 'active') {
    const names = statusNames[loaded.status];
    return fail(
      new WorkflowError('WF_FLOW_FINISHED', { status: names.zh, statusEn: names.en }, { status: loaded.status }),
    );
  }
  const context = stepContext(definition, loaded, action.stepId);
  if (context instanceof WorkflowError) return fail(context);
  const change: Change = { state: loaded, events: [] };
  const error = apply(context, change, action);
  return error ? fail(error) : { ok: true, state: change.state, events: change.events };
}

function apply(context: StepContext, change: Change, action: ParsedAction): WorkflowError | undefined {
  switch (action.type) {
    case 'complete':
      return complete(context, change, action);
    case 'return':
      return returnToStep(context, change, action);
    case 'return-to-sender':
      return returnToSender(context, change, action);
    case 'assign':
      return assign(context, change, action);
    case 'chase':
      return chase(context, change, action);
  }
}

type ActionOf<T extends ParsedAction['type']> = Extract<ParsedAction, { type: T }>;

function complete(context: StepContext, change: Change, action: ActionOf<'complete'>): WorkflowError | undefined {
  const guard = guardAct(context, action.actor);
  if (!guard.ok) return guard.error;
  const invalid = checkCompletion(context, action);
  if (invalid) return invalid;
  const { definition, step } = context;
  const { state } = change;
  const stepState = stepStateOf(state, step.id);
  const { change: changed, copies, registryNumber, leadDepartment } = action;
  const docNumber = action.docNumber?.trim();
  const fields = { docNumber, change: changed, copies, registryNumber, leadDepartment };
  record(
    state,
    step,
    { action: 'complete', actor: action.actor, role: guard.role, text: action.opinion, at: action.at },
    fields,
  );
  const me = { id: action.actor.id, name: action.actor.name };
  stepState.actedBy = [...stepState.actedBy, me];
  if (docNumber !== undefined) {
    state.docNumber = docNumber;
    change.events.push({ type: 'doc-number-registered', docNumber });
  }
  if (copies !== undefined) state.copies = copies;
  if (registryNumber !== undefined) state.registryNumber = registryNumber;
  if (leadDepartment !== undefined) state.leadDepartment = leadDepartment;
  const pending = step.mode === 'parallel' ? pendingPeople(stepState) : [];
  if (pending.length > 0) {
    change.events.push({ type: 'acted', stepId: step.id, actor: me, pending });
    return undefined;
  }
  completeStep(definition, change, step, action.at, action.next);
  return undefined;
}

function returnToStep(context: StepContext, change: Change, action: ActionOf<'return'>): WorkflowError | undefined {
  const guard = guardAct(context, action.actor);
  if (!guard.ok) return guard.error;
  if (isBlank(action.opinion)) return new WorkflowError('WF_REASON_REQUIRED');
  const { definition, step } = context;
  const target = definition.steps.find((candidate) => candidate.id === action.to);
  if (!target || !step.returnTo.includes(target.id)) {
    const allowed = step.returnTo.map((id) => definition.steps.find((candidate) => candidate.id === id)!.name);
    const none = { zh: '（无，不能退回）', en: '(none: this step cannot return)' };
    return new WorkflowError(
      'WF_RETURN_TARGET_INVALID',
      {
        ...stepParams(step),
        targets: allowed.length ? allowed.map((name) => name.zh).join('、') : none.zh,
        targetsEn: allowed.length ? allowed.map((name) => name.en).join(', ') : none.en,
      },
      { to: action.to, allowed: step.returnTo },
    );
  }
  const reason = action.opinion!.trim();
  const entry = { action: 'return', actor: action.actor, role: guard.role, text: reason, at: action.at } as const;
  record(change.state, step, entry, { to: target.id });
  change.events.push({ type: 'returned', from: step.id, to: target.id, reason });
  reopenEarlier(definition, change, step, target, action.at);
  return undefined;
}

function returnToSender(
  context: StepContext,
  change: Change,
  action: ActionOf<'return-to-sender'>,
): WorkflowError | undefined {
  const guard = guardAct(context, action.actor);
  if (!guard.ok) return guard.error;
  const { kind, step } = context;
  if (!kind.returnToSender) return new WorkflowError('WF_RETURN_TO_SENDER_NOT_ALLOWED', stepParams(step));
  if (isBlank(action.opinion)) return new WorkflowError('WF_REASON_REQUIRED');
  const reason = action.opinion!.trim();
  record(change.state, step, {
    action: 'return-to-sender',
    actor: action.actor,
    role: guard.role,
    text: reason,
    at: action.at,
  });
  change.state.status = 'returned';
  change.state.currentStepId = null;
  change.events.push({ type: 'returned-to-sender', stepId: step.id, reason });
  return undefined;
}

function assign(context: StepContext, change: Change, action: ActionOf<'assign'>): WorkflowError | undefined {
  const guard = guardAssign(context, action.actor);
  if (!guard.ok) return guard.error;
  const invalid = checkAssignees(context, action.assignees) ?? checkDueDate(action.dueAt, action.at);
  if (invalid) return invalid;
  const { definition, step } = context;
  const stepState = stepStateOf(change.state, step.id);
  stepState.assignees = action.assignees;
  if (action.dueAt !== undefined) stepState.dueAt = action.dueAt;
  const entry = {
    action: 'assign',
    actor: action.actor,
    role: guard.role,
    text: action.opinion,
    at: action.at,
  } as const;
  record(change.state, step, entry, { people: action.assignees, dueAt: action.dueAt });
  change.events.push({
    type: 'assigned',
    stepId: step.id,
    assignees: action.assignees,
    ...(action.dueAt === undefined ? {} : { dueAt: action.dueAt }),
  });
  const isOpen = change.state.currentStepId === step.id;
  if (isOpen && step.mode === 'parallel' && pendingPeople(stepState).length === 0) {
    completeStep(definition, change, step, action.at);
  }
  return undefined;
}

function chase(context: StepContext, change: Change, action: ActionOf<'chase'>): WorkflowError | undefined {
  const guard = guardChase(context, action.actor, action.at);
  if (!guard.ok) return guard.error;
  const { step, stepState } = context;
  const people = pendingPeople(stepState);
  const entry = {
    action: 'chase',
    actor: action.actor,
    role: guard.role,
    text: action.opinion,
    at: action.at,
  } as const;
  record(change.state, step, entry, { people, dueAt: stepState.dueAt });
  change.events.push({ type: 'chased', stepId: step.id, people, dueAt: stepState.dueAt! });
  return undefined;
}

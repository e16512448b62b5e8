import { checkDocNumber, suggestDocNumber } from '../document/doc-number';
import type { LocalizedText } from '../i18n';
import type { CompleteAction } from './actions';
import { bilingual, WorkflowError } from './errors';
import { names, stepParams, type StepContext } from './guards';
import type { Person } from './roles';
import { completionFields, type CompletionField } from './steps';
import { timeText } from './time';

/** The payload checks of `transition`, after the permission checks of guards.ts passed. */
const fieldNames: Record<CompletionField | 'next', LocalizedText> = {
  docNumber: { zh: '发文字号', en: 'the document number (发文字号)' },
  change: { zh: '修改情况', en: 'what changed' },
  copies: { zh: '份数', en: 'the number of copies' },
  registryNumber: { zh: '收文编号', en: 'the registry number' },
  leadDepartment: { zh: '主办部门', en: 'the lead department' },
  next: { zh: '下一环节的办理人或时限', en: "the next step's assignees or due date" },
};

function fieldError(
  code: 'WF_FIELD_REQUIRED' | 'WF_FIELD_NOT_ACCEPTED',
  context: StepContext,
  field: keyof typeof fieldNames,
) {
  return new WorkflowError(code, { ...stepParams(context.step), ...bilingual('field', fieldNames[field]) }, { field });
}

export function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

/** A due date must not lie before the action that sets it. */
export function checkDueDate(dueAt: string | undefined, at: string): WorkflowError | undefined {
  if (dueAt === undefined || Date.parse(dueAt) >= Date.parse(at)) return undefined;
  const params = { ...bilingual('dueAt', timeText(dueAt)), ...bilingual('at', timeText(at)) };
  return new WorkflowError('WF_DUE_DATE_INVALID', params, { dueAt, at });
}

export function checkDistinct(people: readonly Person[]): WorkflowError | undefined {
  const seen = new Set<string>();
  for (const person of people) {
    if (seen.has(person.id)) {
      return new WorkflowError('WF_ASSIGNEES_INVALID', {
        problem: `${person.name}重复出现。`,
        problemEn: `${person.name} is listed twice.`,
      });
    }
    seen.add(person.id);
  }
  return undefined;
}

function checkDocNumberField(value: string): WorkflowError | undefined {
  const problems = checkDocNumber(value);
  if (problems.length === 0) return undefined;
  const suggestion = suggestDocNumber(value);
  return new WorkflowError(
    'WF_DOC_NUMBER_INVALID',
    {
      value,
      suggestion: suggestion ? `，应写作“${suggestion}”` : '',
      suggestionEn: suggestion ? `; write "${suggestion}"` : '',
    },
    { problems, ...(suggestion ? { suggestion } : {}) },
  );
}

/** Opinion, fields and routing of a completion. */
export function checkCompletion(context: StepContext, action: CompleteAction): WorkflowError | undefined {
  const { kind, step, definition } = context;
  if (kind.opinionRequired && isBlank(action.opinion)) {
    return new WorkflowError('WF_OPINION_REQUIRED', stepParams(step));
  }
  for (const field of completionFields) {
    if (action[field] !== undefined && !kind.fields.includes(field))
      return fieldError('WF_FIELD_NOT_ACCEPTED', context, field);
  }
  for (const field of kind.requiredFields) {
    const value = action[field];
    if (value === undefined || (typeof value === 'string' && isBlank(value))) {
      return fieldError('WF_FIELD_REQUIRED', context, field);
    }
  }
  if (action.docNumber !== undefined) {
    const invalid = checkDocNumberField(action.docNumber);
    if (invalid) return invalid;
  }
  if (action.change === 'substantive') return new WorkflowError('WF_SUBSTANTIVE_CHANGE');
  if (action.next) {
    const isLast = definition.steps.at(-1) === step;
    if (isLast || step.mode === 'parallel') return fieldError('WF_FIELD_NOT_ACCEPTED', context, 'next');
    return checkDueDate(action.next.dueAt, action.at) ?? checkDistinct(action.next.assignees ?? []);
  }
  return undefined;
}

/** A new list of assignees: distinct, and keeping everyone who already acted on a parallel step. */
export function checkAssignees(context: StepContext, assignees: readonly Person[]): WorkflowError | undefined {
  const duplicate = checkDistinct(assignees);
  if (duplicate) return duplicate;
  const dropped = context.stepState.actedBy.filter((done) => !assignees.some((person) => person.id === done.id));
  if (dropped.length === 0) return undefined;
  return new WorkflowError('WF_ASSIGNEES_INVALID', {
    problem: `${names(dropped)}已办理，不能移出名单。`,
    problemEn: `${names(dropped)} already acted and cannot be removed from the list.`,
  });
}

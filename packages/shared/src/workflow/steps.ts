import type { LocalizedText } from '../i18n';
import type { WorkflowRole } from './roles';

/**
 * The step kinds workflows are built from, as data. A definition (the default ones or an
 * agency's own) lists steps of these kinds; the state machine reads everything it enforces
 * (who may act, parallel or single, where a step may return to, what a completion carries)
 * from this table and the definition, never from scattered literals.
 */
export const workflowDirections = ['outgoing' /* 发文 */, 'incoming' /* 收文 */] as const;
export type WorkflowDirection = (typeof workflowDirections)[number];

export const outgoingStepKinds = [
  'draft' /* 拟稿 */,
  'review' /* 核稿 */,
  'countersign' /* 会签 */,
  'sign-off' /* 签发 */,
  'recheck' /* 复核 */,
  'register' /* 登记 (allocates 发文字号) */,
  'seal' /* 用印 */,
  'dispatch' /* 核发 */,
  'archive' /* 归档 */,
] as const;

export const incomingStepKinds = [
  'sign-for' /* 签收 */,
  'register' /* 登记 */,
  'first-review' /* 初审 */,
  'propose' /* 拟办 */,
  'instruct' /* 批办 */,
  'handle' /* 承办 */,
  'circulate' /* 传阅 */,
  'close' /* 办结 */,
  'archive' /* 归档 */,
] as const;

export type OutgoingStepKind = (typeof outgoingStepKinds)[number];
export type IncomingStepKind = (typeof incomingStepKinds)[number];
export type StepKindId = OutgoingStepKind | IncomingStepKind;

/**
 * Fields a completion may carry besides the opinion, by step kind:
 * - `docNumber` 发文字号 allocated by the register (outgoing 登记), checked with checkDocNumber;
 * - `change` what 复核 found changed since sign-off (`substantive` must go back to the signer);
 * - `copies` 份数 counted at 签收; `registryNumber` 收文编号 given at incoming 登记;
 * - `leadDepartment` 主办部门 named by the leader at 批办.
 */
export const completionFields = ['docNumber', 'change', 'copies', 'registryNumber', 'leadDepartment'] as const;
export type CompletionField = (typeof completionFields)[number];

export type StepMode = 'single' /* one person acts */ | 'parallel'; /* every assignee acts */

export interface StepKind {
  name: LocalizedText;
  mode: StepMode;
  /** Roles that may act on the step unless a definition narrows them. */
  roles: readonly WorkflowRole[];
  /** Roles a custom definition may give the step (a superset of `roles`). */
  permittedRoles: readonly WorkflowRole[];
  /** Roles that may choose the step's assignees (admins always may). */
  assignerRoles: readonly WorkflowRole[];
  /** Kinds of earlier steps this step returns to by default (with a reason). */
  returnTargets: readonly StepKindId[];
  /** Whether the document may be returned to its sender (退回) from this step. */
  returnToSender: boolean;
  /** Whether completing needs an opinion text (批办 and 拟办 are nothing but their text). */
  opinionRequired: boolean;
  /** Completion fields accepted, and which of them are required. */
  fields: readonly CompletionField[];
  requiredFields: readonly CompletionField[];
  /** Whether a definition may list the kind more than once (two rounds of 核稿). */
  repeatable: boolean;
}

const staff: readonly WorkflowRole[] = ['drafter', 'reviewer', 'countersigner', 'leader', 'registrar'];

const base = {
  mode: 'single',
  returnTargets: [],
  returnToSender: false,
  opinionRequired: false,
  fields: [],
  requiredFields: [],
  repeatable: false,
} as const satisfies Partial<StepKind>;

export const outgoingStepTable: Record<OutgoingStepKind, StepKind> = {
  draft: {
    ...base,
    name: { zh: '拟稿', en: 'draft' },
    roles: ['drafter'],
    permittedRoles: ['drafter'],
    assignerRoles: ['reviewer'],
  },
  review: {
    ...base,
    name: { zh: '核稿', en: 'review' },
    roles: ['reviewer'],
    permittedRoles: ['reviewer', 'leader'],
    assignerRoles: ['drafter', 'reviewer'],
    returnTargets: ['draft'],
    repeatable: true,
  },
  countersign: {
    ...base,
    name: { zh: '会签', en: 'countersign' },
    mode: 'parallel',
    roles: ['countersigner'],
    permittedRoles: ['countersigner', 'leader', 'reviewer'],
    assignerRoles: ['drafter', 'reviewer'],
    returnTargets: ['draft', 'review'],
    repeatable: true,
  },
  'sign-off': {
    ...base,
    name: { zh: '签发', en: 'sign-off' },
    roles: ['leader'],
    permittedRoles: ['leader'],
    assignerRoles: ['reviewer'],
    returnTargets: ['draft', 'review'],
  },
  recheck: {
    ...base,
    name: { zh: '复核', en: 're-check' },
    roles: ['reviewer'],
    permittedRoles: ['reviewer', 'registrar'],
    assignerRoles: ['reviewer'],
    returnTargets: ['sign-off', 'draft'],
    fields: ['change'],
  },
  register: {
    ...base,
    name: { zh: '登记', en: 'register' },
    roles: ['registrar'],
    permittedRoles: ['registrar'],
    assignerRoles: ['reviewer'],
    returnTargets: ['recheck', 'draft'],
    fields: ['docNumber'],
    requiredFields: ['docNumber'],
  },
  seal: {
    ...base,
    name: { zh: '用印', en: 'seal' },
    roles: ['registrar'],
    permittedRoles: ['registrar'],
    assignerRoles: ['reviewer'],
    returnTargets: ['register'],
  },
  dispatch: {
    ...base,
    name: { zh: '核发', en: 'dispatch' },
    roles: ['registrar'],
    permittedRoles: ['registrar', 'reviewer'],
    assignerRoles: ['reviewer'],
  },
  archive: {
    ...base,
    name: { zh: '归档', en: 'archive' },
    roles: ['records-officer'],
    permittedRoles: ['records-officer'],
    assignerRoles: ['records-officer'],
  },
};

export const incomingStepTable: Record<IncomingStepKind, StepKind> = {
  'sign-for': {
    ...base,
    name: { zh: '签收', en: 'sign for' },
    roles: ['registrar'],
    permittedRoles: ['registrar'],
    assignerRoles: ['registrar'],
    returnToSender: true,
    fields: ['copies'],
  },
  register: {
    ...base,
    name: { zh: '登记', en: 'register' },
    roles: ['registrar'],
    permittedRoles: ['registrar'],
    assignerRoles: ['registrar'],
    fields: ['registryNumber'],
  },
  'first-review': {
    ...base,
    name: { zh: '初审', en: 'first review' },
    roles: ['reviewer'],
    permittedRoles: ['reviewer', 'registrar'],
    assignerRoles: ['registrar', 'reviewer'],
    returnTargets: ['register'],
    returnToSender: true,
  },
  propose: {
    ...base,
    name: { zh: '拟办', en: 'propose' },
    roles: ['reviewer'],
    permittedRoles: ['reviewer', 'leader'],
    assignerRoles: ['registrar', 'reviewer'],
    returnTargets: ['first-review'],
    opinionRequired: true,
    repeatable: true,
  },
  instruct: {
    ...base,
    name: { zh: '批办', en: 'instruct' },
    roles: ['leader'],
    permittedRoles: ['leader'],
    assignerRoles: ['reviewer'],
    returnTargets: ['propose'],
    opinionRequired: true,
    fields: ['leadDepartment'],
    repeatable: true,
  },
  handle: {
    ...base,
    name: { zh: '承办', en: 'handle' },
    roles: ['drafter'],
    permittedRoles: ['drafter', 'reviewer', 'countersigner'],
    assignerRoles: ['leader', 'reviewer'],
    returnTargets: ['instruct', 'propose'],
  },
  circulate: {
    ...base,
    name: { zh: '传阅', en: 'circulate' },
    mode: 'parallel',
    roles: staff,
    permittedRoles: staff,
    assignerRoles: ['registrar', 'reviewer', 'leader'],
    repeatable: true,
  },
  close: {
    ...base,
    name: { zh: '办结', en: 'close' },
    roles: ['drafter', 'registrar'],
    permittedRoles: ['drafter', 'reviewer', 'registrar'],
    assignerRoles: ['reviewer', 'leader'],
    returnTargets: ['handle'],
  },
  archive: {
    ...base,
    name: { zh: '归档', en: 'archive' },
    roles: ['records-officer'],
    permittedRoles: ['records-officer'],
    assignerRoles: ['records-officer'],
    returnTargets: ['close'],
  },
};

export const stepTables: { outgoing: Record<string, StepKind>; incoming: Record<string, StepKind> } = {
  outgoing: outgoingStepTable,
  incoming: incomingStepTable,
};

/** The kind's entry for a direction, or undefined when the direction has no such kind. */
export function stepKindOf(direction: WorkflowDirection, kind: string): StepKind | undefined {
  const table = stepTables[direction];
  return Object.hasOwn(table, kind) ? table[kind] : undefined;
}

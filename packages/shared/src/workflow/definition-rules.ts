import type { IncomingStepKind, OutgoingStepKind, WorkflowDirection } from './steps';

/**
 * The order every definition of a direction must keep, as data (GONGWEN.md §3,
 * 党政机关公文处理工作条例 第四章). `before` pairs hold whenever both kinds are present;
 * for a kind listed twice they hold for every instance.
 */
export interface DirectionRules<K extends string> {
  /** The kind the flow must start with. */
  first: K;
  /** Kinds every definition must contain. */
  required: readonly K[];
  /** A kind that, when present, must be the last step. */
  last: K;
  /** `[a, b]`: every step of kind a comes before every step of kind b. */
  before: readonly (readonly [K, K])[];
}

export const outgoingRules: DirectionRules<OutgoingStepKind> = {
  first: 'draft',
  required: ['draft', 'sign-off', 'register', 'dispatch'],
  last: 'archive',
  before: [
    ['review', 'sign-off'],
    ['countersign', 'sign-off'],
    ['sign-off', 'recheck'],
    ['recheck', 'register'],
    ['sign-off', 'register'],
    ['register', 'seal'],
    ['seal', 'dispatch'],
    ['register', 'dispatch'],
  ],
};

export const incomingRules: DirectionRules<IncomingStepKind> = {
  first: 'sign-for',
  required: ['sign-for', 'register', 'close'],
  last: 'archive',
  before: [
    ['register', 'first-review'],
    ['register', 'propose'],
    ['register', 'instruct'],
    ['register', 'handle'],
    ['register', 'circulate'],
    ['register', 'close'],
    ['first-review', 'propose'],
    ['first-review', 'instruct'],
    ['first-review', 'handle'],
    ['first-review', 'circulate'],
    ['instruct', 'handle'],
    ['handle', 'close'],
    ['circulate', 'close'],
  ],
};

export const directionRules: Record<WorkflowDirection, DirectionRules<string>> = {
  outgoing: outgoingRules,
  incoming: incomingRules,
};

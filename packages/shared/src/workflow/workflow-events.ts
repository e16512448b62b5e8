import type { Person } from './roles';

/**
 * What a transition did, for the caller to notify people and update views: the state is
 * the truth, events say what changed in this step.
 */
export type WorkflowEvent =
  | { type: 'started'; stepId: string }
  | { type: 'step-opened'; stepId: string; assignees: Person[]; dueAt?: string }
  | { type: 'acted'; stepId: string; actor: Person; pending: Person[] }
  | { type: 'step-completed'; stepId: string }
  | { type: 'doc-number-registered'; docNumber: string }
  | { type: 'returned'; from: string; to: string; reason: string }
  | { type: 'returned-to-sender'; stepId: string; reason: string }
  | { type: 'assigned'; stepId: string; assignees: Person[]; dueAt?: string }
  | { type: 'chased'; stepId: string; people: Person[]; dueAt: string }
  | { type: 'flow-completed' };

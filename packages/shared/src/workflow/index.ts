/**
 * Workflows (公文办理流程): definitions as data and the pure state machine for outgoing
 * (发文) and incoming (收文) documents. No I/O, no clock: callers pass the time.
 * docs/workflow.md describes steps, roles, actions and error codes.
 */
export * from './roles';
export * from './steps';
export * from './definition-rules';
export * from './definition-violations';
export {
  workflowIdSchema,
  workflowStepInputSchema,
  workflowDefinitionInputSchema,
  validateWorkflowDefinition,
  findStep,
  type WorkflowStepInput,
  type WorkflowDefinitionInput,
  type WorkflowStep,
  type WorkflowDefinition,
  type DefinitionValidation,
} from './definition';
export * from './defaults';
export { workflowErrorCatalog, WorkflowError, type WorkflowErrorCode } from './errors';
export * from './state';
export * from './actions';
export type { WorkflowEvent } from './workflow-events';
export { transition, transitionLoaded, type TransitionResult } from './transition';
export { startWorkflow, startInputSchema, type StartInput } from './start';
export { pendingTasks, availableActions, type PendingTask, type AvailableAction } from './tasks';
export { isOverdue } from './guards';
export { opinionsOf, opinionLine, signOffsOf, type SignOff } from './opinions';
export { chinaDateOf, timeText } from './time';

import { validateWorkflowDefinition, type WorkflowDefinition, type WorkflowDefinitionInput } from './definition';
import { WorkflowError } from './errors';

/**
 * The two default flows (GONGWEN.md §3). Agencies start from these and change them as data;
 * these are validated like any other definition.
 */
export const defaultOutgoingInput: WorkflowDefinitionInput = {
  id: 'outgoing-default',
  version: 1,
  name: { zh: '发文办理', en: 'outgoing document' },
  direction: 'outgoing',
  steps: [
    { kind: 'draft' },
    { kind: 'review' },
    { kind: 'countersign' },
    { kind: 'sign-off' },
    { kind: 'recheck' },
    { kind: 'register' },
    { kind: 'seal' },
    { kind: 'dispatch' },
    { kind: 'archive' },
  ],
};

export const defaultIncomingInput: WorkflowDefinitionInput = {
  id: 'incoming-default',
  version: 1,
  name: { zh: '收文办理', en: 'incoming document' },
  direction: 'incoming',
  steps: [
    { kind: 'sign-for' },
    { kind: 'register' },
    { kind: 'first-review' },
    { kind: 'propose' },
    { kind: 'instruct' },
    { kind: 'handle' },
    { kind: 'circulate' },
    { kind: 'close' },
    { kind: 'archive' },
  ],
};

/** Validates a definition written in code; a violation there is a programming error. */
function builtIn(input: WorkflowDefinitionInput): WorkflowDefinition {
  const result = validateWorkflowDefinition(input);
  if (result.ok) return result.definition;
  const first = result.violations[0]!.message;
  throw new WorkflowError('WF_DEFINITION_INVALID', {
    count: result.violations.length,
    first: first.zh,
    firstEn: first.en,
  });
}

export const defaultOutgoingDefinition: WorkflowDefinition = builtIn(defaultOutgoingInput);
export const defaultIncomingDefinition: WorkflowDefinition = builtIn(defaultIncomingInput);

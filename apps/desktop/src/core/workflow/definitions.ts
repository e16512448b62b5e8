import {
  defaultIncomingDefinition,
  defaultOutgoingDefinition,
  validateWorkflowDefinition,
  type WorkflowDefinition,
  type WorkflowDirection,
} from '@oa/shared';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';

/** The built-in definitions, by direction (docs/workflow.md). */
export const defaultDefinitions: Record<WorkflowDirection, WorkflowDefinition> = {
  outgoing: defaultOutgoingDefinition,
  incoming: defaultIncomingDefinition,
};

/**
 * Finds a definition: a built-in one, or an agency's own stored locally (synced from the
 * hub). A running flow always keeps the definition version it started on.
 */
export function resolveDefinition(context: CoreContext, id: string, version: number): WorkflowDefinition {
  const builtIn = Object.values(defaultDefinitions).find((d) => d.id === id && d.version === version);
  if (builtIn !== undefined) return builtIn;
  const row = context.db
    .prepare('SELECT definition FROM workflow_definitions WHERE id = ? AND version = ?')
    .get(id, version) as { definition: string } | undefined;
  const validated = row === undefined ? undefined : validateWorkflowDefinition(JSON.parse(row.definition));
  if (validated === undefined || !validated.ok) throw desktopError('WORKFLOW_DEFINITION_UNKNOWN', { id, version });
  return validated.definition;
}

/** Stores an agency's definition after validating it (every violation refused at once). */
export function saveDefinition(context: CoreContext, input: unknown): WorkflowDefinition {
  const validated = validateWorkflowDefinition(input);
  if (!validated.ok) {
    throw desktopError('API_BAD_INPUT', {
      issues: validated.violations.map((v) => `${v.path}: ${v.message.zh}`).join('；'),
    });
  }
  const { definition } = validated;
  context.db
    .prepare('INSERT OR REPLACE INTO workflow_definitions (id, version, definition) VALUES (?, ?, ?)')
    .run(definition.id, definition.version, JSON.stringify(definition));
  return definition;
}
